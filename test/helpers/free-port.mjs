import { readFileSync } from 'node:fs';
import { portInUse } from '../../src/db/embedded-access.ts';

/**
 * The kernel hands out local ports for outgoing connections from this range; a port chosen inside
 * it can be taken by any test's database client between the check and the listen, so servers the
 * tests start listen below it.
 */
function ephemeralRangeStart() {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const start = Number(low);
    return Number.isInteger(start) && start > 21000 ? start : 32768;
  } catch {
    return 32768;
  }
}

/** A random port on 127.0.0.1 that nothing listens on, below the ephemeral range. */
export async function freePort() {
  const ceiling = ephemeralRangeStart();
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * (ceiling - 20000));
    if (!(await portInUse(port))) return port;
  }
}
