// Etsy StatsD 0.9 logs through `util.log`, which Node 23 removed: put it back for the daemon.
const util = require("node:util");
if (typeof util.log !== "function") {
  util.log = (message) => console.log(`${new Date().toISOString()} - ${message}`);
}
