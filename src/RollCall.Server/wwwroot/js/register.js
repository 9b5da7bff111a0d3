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
      const response = await fetch(document.body.dataset.statusUrl || "/api/v1/status", { headers: { accept: "application/json" } });
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

  // The field the message is about (the server names it), so keyboard and screen-reader users
  // land where to fix it.
  function fieldAtFault(name) {
    const empty = fields.filter(function (field) { return field.value.trim() === ""; });
    if (empty.length > 0) {
      empty.forEach(markInvalid);
      return empty[0];
    }

    const named = fields.filter(function (field) { return field.name === name; });
    if (named.length > 0) {
      markInvalid(named[0]);
      return named[0];
    }

    return message;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    clearInvalid();
    // The page's own form, as JSON: the server answers in the page's language (the 2016 data
    // field would get the 2016 English).
    const body = new URLSearchParams();
    fields.forEach(function (field) { body.append(field.name, field.value); });
    button.disabled = true;
    let ok = false;
    let text = live.text("Failed", "Something went wrong; please try again.");
    let field = null;
    try {
      const response = await fetch("/register", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: body.toString(),
      });
      if (response.status === 503) {
        text = live.text("Unavailable", text);
      } else {
        try {
          const answer = await response.json();
          if (answer && typeof answer.message === "string") {
            ok = answer.ok === true;
            text = answer.message;
            field = typeof answer.field === "string" ? answer.field : null;
          }
        } catch (e) {
          // Keep the generic message.
        }
      }
    } catch (e) {
      text = live.text("Unreachable", "The server cannot be reached; please try again.");
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
      const target = fieldAtFault(field);
      target.focus();
      if (target !== message && typeof target.select === "function") {
        target.select();
      }
    }
  });
})();
