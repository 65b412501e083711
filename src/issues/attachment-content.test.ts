import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  attachmentDisposition,
  checkAttachmentContent,
  cleanFileName,
} from './attachment-content.ts';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);

function check(fileName: string, declaredType: string, content: Buffer | string) {
  return checkAttachmentContent({
    fileName,
    declaredType,
    content: typeof content === 'string' ? Buffer.from(content, 'latin1') : content,
  });
}

describe('checkAttachmentContent', () => {
  it('accepts every allowed type by its first bytes', () => {
    const cases: Array<[string, string, Buffer | string, string]> = [
      ['a.pdf', 'application/pdf', '%PDF-1.7\n', 'application/pdf'],
      ['a.png', 'image/png', '\x89PNG\r\n\x1a\n....', 'image/png'],
      ['a.jpg', 'image/jpg', '\xff\xd8\xff\xe0', 'image/jpeg'],
      ['a.gif', 'image/gif', 'GIF89a..', 'image/gif'],
      ['a.webp', 'image/webp', 'RIFF\x10\x00\x00\x00WEBPVP8 ', 'image/webp'],
      ['a.txt', 'text/plain; charset=utf-8', 'Hello\tworld\r\n', 'text/plain'],
      ['a.csv', 'text/csv', 'a;b\r\n1;2\r\n', 'text/csv'],
      ['a.eml', 'message/rfc822', 'Received: from x\r\n', 'message/rfc822'],
      [
        'a.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ZIP,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
      ['a.xlsx', '', ZIP, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ];
    for (const [fileName, declared, content, expected] of cases) {
      expect(check(fileName, declared, content), fileName).toBe(expected);
    }
  });

  it('accepts Windows-1252 text', () => {
    expect(check('prices.csv', 'text/csv', 'Preis;M\xe4rz\r\n')).toBe('text/csv');
  });

  it('rejects mismatching first bytes', () => {
    const cases: Array<[string, string, Buffer | string]> = [
      ['a.png', 'image/png', '%PDF-1.7'],
      ['a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '%PDF'],
      ['a.txt', 'text/plain', 'MZ\x90\x00\x03'],
      ['a.eml', 'message/rfc822', '<html>'],
      ['a.webp', 'image/webp', 'RIFF\x10\x00\x00\x00AVI '],
    ];
    for (const [fileName, declared, content] of cases) {
      expect(() => check(fileName, declared, content), fileName).toThrow(AppError);
    }
  });

  it('rejects an unknown extension without a type', () => {
    expect(() => check('archive.zip', 'application/octet-stream', ZIP)).toThrow(
      /archive\.zip has the type application\/octet-stream/,
    );
  });

  it('rejects html declared as html', () => {
    expect(() => check('page.html', 'text/html', '<html>')).toThrow(/attach one of PDF/);
  });
});

describe('checkAttachmentContent extensions', () => {
  it('rejects html declared as text', () => {
    expect(() => check('evil.html', 'text/plain', '<html><script>alert(1)</script>')).toThrow(
      'file: evil.html has the extension .html, which is not allowed for plain text; allowed are .txt, .text, .log, .csv.',
    );
  });

  it('rejects an extension of another type', () => {
    const png = '\x89PNG\r\n\x1a\n....';

    expect(() => check('photo.jpg', 'image/png', png)).toThrow(
      'file: photo.jpg has the extension .jpg, which is not allowed for PNG; allowed are .png.',
    );
  });

  it('rejects a name without extension', () => {
    expect(() => check('scan', 'application/pdf', '%PDF-1.7\n')).toThrow(
      'file: scan has no extension, which is not allowed for PDF',
    );
    // Windows drops a trailing dot, which would save this file as evil.html.
    expect(() => check('evil.html.', 'text/plain', '<html>')).toThrow('has no extension');
  });

  it('accepts fitting extensions in any case', () => {
    expect(check('SCAN.PDF', 'application/pdf', '%PDF-1.7\n')).toBe('application/pdf');
    expect(check('photo.JPEG', 'image/jpeg', '\xff\xd8\xff\xe0')).toBe('image/jpeg');
    expect(check('amounts.csv', 'text/plain', 'a;b\r\n')).toBe('text/plain');
  });
});

describe('cleanFileName', () => {
  it('drops directories and control characters', () => {
    expect(cleanFileName('C:\\scans\\note\u0000.pdf')).toBe('note.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('')).toBe('attachment');
    expect(cleanFileName(undefined)).toBe('attachment');
  });

  it('keeps the end of a long name', () => {
    const name = `${'a'.repeat(300)}.pdf`;

    expect(cleanFileName(name)).toHaveLength(255);
    expect(cleanFileName(name).endsWith('.pdf')).toBe(true);
  });
});

describe('attachmentDisposition', () => {
  it('escapes quotes and non-ASCII characters', () => {
    expect(attachmentDisposition('a "b" ü\\.pdf')).toBe(
      `attachment; filename="a _b_ __.pdf"; filename*=UTF-8''a%20%22b%22%20%C3%BC%5C.pdf`,
    );
  });
});
