// Follows the live status from /events (server-sent events) for the page and the board.
// Names only ever reach the document through textContent.
"use strict";

window.RollCallLive = (function () {
  function parse(event) {
    try {
      return JSON.parse(event.data);
    } catch (e) {
      return null;
    }
  }

  // EventSource reconnects by itself after a dropped connection (the server sends retry: 2000),
  // but gives up for good when the server refuses the stream (429 when this address has too many
  // live streams open, 503): then a new one is opened after the refusal's Retry-After time.
  const retryAfterRefusalMs = 10000;

  // handlers: snapshot(status), registered(change), cancelled(change), online(bool); all optional.
  function connect(handlers) {
    if (typeof window.EventSource !== "function") {
      return null;
    }

    let version = -1;
    let current = null;

    function open() {
      const source = new EventSource("events");
      current = source;
      source.addEventListener("snapshot", function (event) {
        const status = parse(event);
        if (status) {
          version = status.version;
          if (handlers.snapshot) {
            handlers.snapshot(status);
          }
        }
      });
      ["registered", "cancelled"].forEach(function (name) {
        source.addEventListener(name, function (event) {
          const change = parse(event);
          if (change && change.version > version) {
            version = change.version;
            if (handlers[name]) {
              handlers[name](change);
            }
          }
        });
      });
      source.addEventListener("open", function () {
        if (handlers.online) {
          handlers.online(true);
        }
      });
      // A snapshot follows every reconnection.
      source.addEventListener("error", function () {
        if (handlers.online) {
          handlers.online(false);
        }

        if (source.readyState === EventSource.CLOSED) {
          setTimeout(open, retryAfterRefusalMs);
        }
      });
    }

    open();
    return {
      close: function () {
        current.close();
      },
    };
  }

  function fullName(attendant) {
    return attendant.firstName + " " + attendant.lastName;
  }

  function nameItem(attendant) {
    const item = document.createElement("li");
    item.value = attendant.number;
    item.textContent = fullName(attendant);
    return item;
  }

  // Keeps an <ol> of the newest names in step with the events, at most `limit` long.
  function nameList(list, maxShown) {
    let limit = maxShown;
    return {
      snapshot: function (status) {
        limit = Math.min(maxShown, status.recentLimit);
        list.replaceChildren.apply(list, status.recent.slice(0, limit).map(nameItem));
      },
      registered: function (change) {
        if (typeof change.attendant.firstName !== "string" || limit === 0) {
          return;
        }

        const item = nameItem(change.attendant);
        item.classList.add("new");
        list.prepend(item);
        while (list.children.length > limit) {
          list.lastElementChild.remove();
        }
      },
      cancelled: function (change) {
        Array.prototype.slice.call(list.children).forEach(function (item) {
          if (item.value === change.attendant.number) {
            item.remove();
          }
        });
      },
    };
  }

  // The page's texts in its language, from the body's data-text-* attributes the server wrote.
  function text(name, fallback) {
    const value = document.body.dataset["text" + name];
    return typeof value === "string" && value !== "" ? value : fallback;
  }

  function countText(count) {
    return count === 1 ? text("CountOne", "attendee registered") : text("CountOther", "attendees registered");
  }

  return { connect: connect, nameList: nameList, countText: countText, fullName: fullName, text: text };
})();
