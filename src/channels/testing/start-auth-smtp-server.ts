import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestAuthSmtpServer {
  port: number;
  /** Every e-mail received so far, parsed. */
  received: ParsedMail[];
  close(): Promise<void>;
}

/**
 * Starts an SMTP server on 127.0.0.1 at a free port that requires a login
 * with `username` and `password` over plain text (no TLS), for tests of
 * SMTP settings with a password.
 */
export async function startAuthSmtpServer(credentials: {
  username: string;
  password: string;
}): Promise<TestAuthSmtpServer> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    disableReverseLookup: true,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.username && auth.password === credentials.password) {
        callback(null, { user: auth.username });
        return;
      }
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address() as AddressInfo;

  return {
    port: address.port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
