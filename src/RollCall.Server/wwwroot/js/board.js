// The projector board: live count and names from /events, and the LED matrix show.
"use strict";

(function () {
  const live = window.RollCallLive;
  const count = document.getElementById("count");
  const countLabel = document.getElementById("count-label");
  const list = document.getElementById("attendees");
  const canvas = document.getElementById("matrix");
  const status = document.getElementById("board-status");
  if (!count || !canvas) {
    return;
  }

  const names = list ? live.nameList(list, Number(list.dataset.max) || 8) : null;
  const matrix = window.RollCallMatrix.create(canvas);

  function setCount(value) {
    count.textContent = String(value);
    countLabel.textContent = live.countText(value);
    matrix.setCount(value);
  }

  live.connect({
    snapshot: function (snapshot) {
      setCount(snapshot.count);
      if (names) {
        names.snapshot(snapshot);
      }
    },
    registered: function (change) {
      setCount(change.count);
      if (names) {
        names.registered(change);
      }

      matrix.welcome(change.attendant.firstName);
    },
    cancelled: function (change) {
      setCount(change.count);
      if (names) {
        names.cancelled(change);
      }
    },
    online: function (isOnline) {
      matrix.setOnline(isOnline);
      status.textContent = isOnline ? "" : live.text("Reconnecting", "Reconnecting…");
    },
  });
})();
