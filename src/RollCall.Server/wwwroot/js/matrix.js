// An emulated 8x8 LED matrix playing the same show as the Raspberry Pi. The server sends the
// frames (RollCall.Matrix's AttendanceShow): /board/round.json for the attendance round at the
// current count, /board/welcome.json for a welcome. Each step is {pixels, durationMs, scene}, with
// pixels as 64 "rrggbb" colours, row-major. Like the Pi, a welcome interrupts the round at once,
// and the offline icon shows while the live stream is down.
"use strict";

window.RollCallMatrix = (function () {
  const size = 8;
  const unlit = "#1d1f27";

  function create(canvas) {
    const context = canvas.getContext("2d");
    const welcomes = [];
    let round = null;
    let offline = null;
    let count = null;
    let online = true;
    let wake = null;
    let frames = 0;

    function draw(step) {
      const cell = canvas.width / size;
      context.fillStyle = "#000000";
      context.fillRect(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < size * size; i++) {
        const hex = step.pixels.substr(i * 6, 6);
        const x = (i % size) * cell + cell / 2;
        const y = Math.floor(i / size) * cell + cell / 2;
        context.beginPath();
        context.arc(x, y, cell * 0.4, 0, 2 * Math.PI);
        context.fillStyle = hex === "000000" ? unlit : "#" + hex;
        context.fill();
      }

      frames++;
      canvas.dataset.scene = step.scene;
      canvas.dataset.frames = String(frames);
    }

    // Waits for the step's time, or less when something more important arrives.
    function hold(ms) {
      return new Promise(function (resolve) {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }

    function interrupt() {
      if (wake) {
        wake();
      }
    }

    async function json(url) {
      const response = await fetch(url, { headers: { accept: "application/json" } });
      if (!response.ok) {
        throw new Error(url + " answered " + response.status);
      }

      return response.json();
    }

    async function freshRound() {
      if (round === null || (count !== null && round.count !== count)) {
        const loaded = await json("board/round.json");
        round = loaded;
        offline = loaded.offline;
      }

      return round;
    }

    async function play(steps, keepGoing) {
      for (let i = 0; i < steps.length; i++) {
        if (!keepGoing()) {
          return;
        }

        draw(steps[i]);
        await hold(steps[i].durationMs);
      }
    }

    async function run() {
      for (;;) {
        try {
          if (!online && offline) {
            draw(offline);
            await hold(offline.durationMs);
          } else if (welcomes.length > 0) {
            await play(welcomes.shift(), function () { return online; });
          } else {
            const current = await freshRound();
            await play(current.steps, function () { return online && welcomes.length === 0; });
          }
        } catch (e) {
          // The server is unreachable for now; try again shortly.
          await hold(2000);
        }
      }
    }

    run();
    return {
      setCount: function (value) {
        count = value;
      },
      setOnline: function (value) {
        if (online !== value) {
          online = value;
          interrupt();
        }
      },
      welcome: async function (firstName) {
        try {
          // Without public names the events carry none, and the welcome is a plain "Welcome!".
          const query = firstName ? "?name=" + encodeURIComponent(firstName) : "";
          const loaded = await json("board/welcome.json" + query);
          // At most five waiting, as on the Pi: the oldest gives way.
          if (welcomes.length === 5) {
            welcomes.shift();
          }

          welcomes.push(loaded.steps);
          interrupt();
        } catch (e) {
          // A missed welcome is not worth an error on a projector.
        }
      },
    };
  }

  return { create: create };
})();
