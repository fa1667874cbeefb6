#!/usr/bin/env node
import { main } from "../dist/index.js";

// A reader that stops early (`casekit inspect big.cmmn | head`) closes the pipe: stop quietly
// instead of crashing on the unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
