// A backend for the Etsy StatsD daemon, loaded by the test harness: it accumulates what the daemon
// flushes (counters summed, timers concatenated, gauges last value, set members united) and
// serves it as JSON on a loopback TCP port, because the daemon's admin port has no `sets` command.
const net = require("node:net");

exports.init = (_startupTime, _config, events) => {
  const state = { flushes: 0, counters: {}, timers: {}, timerCounts: {}, gauges: {}, sets: {} };
  events.on("flush", (_timestamp, metrics) => {
    state.flushes++;
    for (const [key, value] of Object.entries(metrics.counters)) {
      state.counters[key] = (state.counters[key] ?? 0) + value;
    }
    for (const [key, values] of Object.entries(metrics.timers)) {
      state.timers[key] = (state.timers[key] ?? []).concat(values);
    }
    for (const [key, count] of Object.entries(metrics.timer_counters)) {
      state.timerCounts[key] = (state.timerCounts[key] ?? 0) + count;
    }
    Object.assign(state.gauges, metrics.gauges);
    for (const [key, set] of Object.entries(metrics.sets)) {
      state.sets[key] = [...new Set([...(state.sets[key] ?? []), ...set.values()])];
    }
  });
  const server = net.createServer((socket) => socket.end(JSON.stringify(state)));
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`\nDUMP_PORT ${server.address().port}\n`);
  });
  return true;
};
