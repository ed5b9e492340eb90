// A UDP socket on a free loopback port that prints every datagram it receives, line by line.
import dgram from "node:dgram";
import { once } from "node:events";

export async function startDatagramPrinter() {
  const socket = dgram.createSocket("udp4");
  let lastArrival = 0;
  socket.on("message", (datagram) => {
    lastArrival = Date.now();
    console.log(`datagram (${datagram.length} bytes):`);
    for (const line of datagram.toString("utf8").split("\n")) console.log(`  ${line}`);
  });
  socket.bind(0, "127.0.0.1");
  await once(socket, "listening");
  return {
    port: socket.address().port,
    async stop() {
      // metrics.close() resolved once the datagrams were sent: wait until they have been read.
      while (lastArrival === 0 || Date.now() - lastArrival < 50) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      socket.close();
    },
  };
}
