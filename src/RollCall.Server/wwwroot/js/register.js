// Registers without reloading the page. Without JavaScript the form posts and the
// server redirects back with the message, so this file only makes it faster.
"use strict";

(function () {
  const form = document.getElementById("register-form");
  if (!form) {
    return;
  }

  const message = document.getElementById("message");
  const count = document.getElementById("count");
  const countLabel = document.getElementById("count-label");
  const list = document.getElementById("attendees");
  const button = form.querySelector("button[type=submit]");

  function show(text, ok) {
    message.textContent = text;
    message.className = "message " + (ok ? "ok" : "error");
  }

  function setCount(value) {
    count.textContent = String(value);
    countLabel.textContent = (value === 1 ? "attendee" : "attendees") + " registered";
  }

  async function refreshStatus() {
    const response = await fetch("/api/v1/status", { headers: { accept: "application/json" } });
    if (!response.ok) {
      return;
    }

    const status = await response.json();
    setCount(status.count || 0);
    if (list && Array.isArray(status.recentAttendants)) {
      list.replaceChildren(...status.recentAttendants.map(function (a) {
        const item = document.createElement("li");
        item.textContent = a.firstName + " " + a.lastName;
        return item;
      }));
    }
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const data = {
      firstName: form.elements.firstName.value,
      lastName: form.elements.lastName.value,
      code: form.elements.code.value,
    };
    button.disabled = true;
    try {
      const response = await fetch("/register", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "data=" + encodeURIComponent(JSON.stringify(data)),
      });
      const body = await response.text();
      if (response.ok && body === "") {
        show("Successfully registered!", true);
        form.reset();
        await refreshStatus();
      } else {
        let text = "Something went wrong; please try again.";
        try {
          text = JSON.parse(body);
        } catch (e) {
          // Keep the generic message.
        }
        show(text, false);
      }
    } catch (e) {
      show("The server cannot be reached; please try again.", false);
    } finally {
      button.disabled = false;
    }
  });
})();
