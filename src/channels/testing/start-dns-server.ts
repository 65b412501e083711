import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';

export interface TestDnsServer {
  /** "127.0.0.1:port", as Resolver.setServers and COLLECTA_DNS_SERVERS take it. */
  address: string;
  /** Names asked for so far, lower-case, in order. */
  queries: string[];
  close(): Promise<void>;
}

/** DNS response code for a name that does not exist (NXDOMAIN). */
const NAME_ERROR = 3;

/**
 * Starts a DNS server on 127.0.0.1 (UDP, free port) for tests. It responds
 * to TXT queries from `txtRecords` (name to records, each record a string or
 * its chunks), and with NXDOMAIN for every other name.
 */
export async function startDnsServer(
  txtRecords: Record<string, Array<string | string[]>>,
): Promise<TestDnsServer> {
  const records = new Map(
    Object.entries(txtRecords).map(([name, values]) => [name.toLowerCase(), values]),
  );
  const queries: string[] = [];
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, remote) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    const name = question?.name.toLowerCase() ?? '';
    queries.push(name);
    const values = question?.type === 'TXT' ? records.get(name) : undefined;
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (records.has(name) ? 0 : NAME_ERROR),
      questions: query.questions ?? [],
      answers: (values ?? []).map((data) => ({ type: 'TXT' as const, name, ttl: 60, data })),
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;

  return {
    address: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
