// The registration page: registers without reloading and follows the live status. Without
// JavaScript the form posts and the server redirects back with the message, so this file only
// makes the page faster and live.
"use strict";

(function () {
  const live = window.RollCallLive;
  const form = document.getElementById("register-form");
  const message = document.getElementById("message");
  const count = document.getElementById("count");
  const countLabel = document.getElementById("count-label");
  const list = document.getElementById("attendees");
  if (!form || !message || !count) {
    return;
  }

  const button = form.querySelector("button[type=submit]");
  const fields = [form.elements.firstName, form.elements.lastName, form.elements.code];

  function setCount(value) {
    count.textContent = String(value);
    countLabel.textContent = live.countText(value);
  }

  const names = list ? live.nameList(list, 1000) : null;
  const source = live.connect({
    snapshot: function (status) {
      setCount(status.count);
      if (names) {
        names.snapshot(status);
      }
    },
    registered: function (change) {
      setCount(change.count);
      if (names) {
        names.registered(change);
      }
    },
    cancelled: function (change) {
      setCount(change.count);
      if (names) {
        names.cancelled(change);
      }
    },
  });

  // Only for browsers without EventSource: the count, read once after registering.
  async function refreshCount() {
    try {
      const response = await fetch("/api/v1/status", { headers: { accept: "application/json" } });
      if (response.ok) {
        setCount(Number((await response.json()).count) || 0);
      }
    } catch (e) {
      // The next page load shows it.
    }
  }

  function show(text, ok) {
    message.textContent = text;
    message.className = "message " + (ok ? "ok" : "error");
  }

  function markInvalid(field) {
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", "message");
  }

  function clearInvalid() {
    fields.forEach(function (field) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    });
  }

  // The field the message is about, so keyboard and screen-reader users land where to fix it.
  function fieldAtFault(text) {
    const empty = fields.filter(function (field) { return field.value.trim() === ""; });
    if (empty.length > 0) {
      empty.forEach(markInvalid);
      return empty[0];
    }

    const byWord = [["first name", fields[0]], ["last name", fields[1]], ["code", fields[2]]];
    for (let i = 0; i < byWord.length; i++) {
      if (text.indexOf(byWord[i][0]) >= 0) {
        markInvalid(byWord[i][1]);
        return byWord[i][1];
      }
    }

    return message;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    clearInvalid();
    const data = { firstName: fields[0].value, lastName: fields[1].value, code: fields[2].value };
    button.disabled = true;
    let ok = false;
    let text;
    try {
      const response = await fetch("/register", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "data=" + encodeURIComponent(JSON.stringify(data)),
      });
      const body = await response.text();
      ok = response.ok && body === "";
      text = ok ? "Successfully registered!" : "Something went wrong; please try again.";
      if (!ok) {
        try {
          const parsed = JSON.parse(body);
          if (typeof parsed === "string") {
            text = parsed;
          }
        } catch (e) {
          // Keep the generic message.
        }
      }
    } catch (e) {
      text = "The server cannot be reached; please try again.";
    } finally {
      button.disabled = false;
    }

    show(text, ok);
    if (ok) {
      if (!source) {
        refreshCount();
      }

      // A code from the voucher link is the field's default value; clear it too.
      fields.forEach(function (field) {
        field.value = "";
        field.defaultValue = "";
      });
      message.focus();
    } else {
      const target = fieldAtFault(text);
      target.focus();
      if (target !== message && typeof target.select === "function") {
        target.select();
      }
    }
  });
})();
