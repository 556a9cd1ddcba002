import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { FileLinks } from './file-links.js';
import { savedName, sniffMediaType } from './media-types.js';
import { contentDisposition, rangeOf } from './send-file.js';
import { displayName } from './upload.js';

describe('what a file is, decided by its own bytes', () => {
  it('knows photos and PDFs by their signatures, whatever they are called', async () => {
    assert.equal(
      await sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]), false),
      'image/jpeg',
    );
    assert.equal(await sniffMediaType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'), true), 'application/pdf');
  });

  it('refuses a program, whatever it is called', async () => {
    const program = Buffer.concat([
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'),
      Buffer.alloc(64),
    ]);
    assert.equal(await sniffMediaType(program, true), undefined);
    const elf = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), Buffer.alloc(64)]);
    assert.equal(await sniffMediaType(elf, true), undefined);
  });

  it('takes UTF-8 text as text, even when the head cuts a character in two, and refuses binary without a signature', async () => {
    const letter = Buffer.from('阀体泄漏，请尽快处理。\r\n\tThanks');
    assert.equal(await sniffMediaType(letter, true), 'text/plain');
    // The first byte of 阀 (three bytes) alone at the end of the head is the cut, not bad text.
    assert.equal(await sniffMediaType(Buffer.concat([Buffer.from('abc'), letter.subarray(0, 1)]), false), 'text/plain');
    assert.equal(await sniffMediaType(Buffer.concat([Buffer.from('abc'), letter.subarray(0, 1)]), true), undefined);
    assert.equal(await sniffMediaType(Buffer.from([0x00, 0x01, 0x02, 0x41]), true), undefined);
    assert.equal(await sniffMediaType(Buffer.from([0xc3, 0x28]), true), undefined);
  });
});

describe('a file name is display text', () => {
  it('keeps the last segment of a path, without control characters, within 255 characters', () => {
    assert.equal(displayName('../../etc/passwd'), 'passwd');
    assert.equal(displayName('C:\\Users\\li\\阀体泄漏.jpg'), '阀体泄漏.jpg');
    assert.equal(displayName('bell\u0007\u0000name.txt'), 'bellname.txt');
    // A right-to-left override would show `invexe.pdf` for a program: it goes.
    assert.equal(displayName('inv\u202Efdp.exe'), 'invfdp.exe');
    assert.equal(displayName('%22quoted%22 line%0D%0Abreak.txt'), '"quoted" linebreak.txt');
    assert.equal(displayName('x'.repeat(1000)).length, 200);
    assert.equal(displayName('..'), 'file');
    assert.equal(displayName(undefined), 'file');
    // Composed the way people type it: one é, not e and an accent.
    assert.equal(displayName('cafe\u0301.pdf'), 'café.pdf');
  });

  it('is saved with an extension of the type its bytes are, so text is never saved as a program', () => {
    assert.equal(savedName('run.hta', 'text/plain'), 'run.hta.txt');
    assert.equal(savedName('page.html', 'text/plain'), 'page.html.txt');
    assert.equal(savedName('letter.TXT', 'text/plain'), 'letter.TXT');
    assert.equal(savedName('setup.msi', 'application/x-cfb'), 'setup.msi.doc');
    assert.equal(savedName('photo', 'image/jpeg'), 'photo.jpg');
    assert.equal(savedName('阀体泄漏.jpg', 'image/jpeg'), '阀体泄漏.jpg');
  });

  it('reaches the download header in any script, quoted safely', () => {
    assert.equal(
      contentDisposition('attachment', '阀体 "泄漏".jpg'),
      `attachment; filename="__ ____.jpg"; filename*=UTF-8''%E9%98%80%E4%BD%93%20%22%E6%B3%84%E6%BC%8F%22.jpg`,
    );
  });
});

describe('byte ranges, as RFC 9110 reads them', () => {
  it('serves one range from the start, to the end, or the last bytes', () => {
    assert.deepEqual(rangeOf('bytes=0-9', 100), { start: 0, end: 9 });
    assert.deepEqual(rangeOf('bytes=90-', 100), { start: 90, end: 99 });
    assert.deepEqual(rangeOf('bytes=-5', 100), { start: 95, end: 99 });
    assert.deepEqual(rangeOf('bytes=50-500', 100), { start: 50, end: 99 });
    assert.deepEqual(rangeOf('bytes=-500', 100), { start: 0, end: 99 });
  });

  it('answers the whole file for what it does not serve, and 416 for a range past the end', () => {
    assert.equal(rangeOf(undefined, 100), undefined);
    assert.equal(rangeOf('bytes=0-1,5-6', 100), undefined);
    assert.equal(rangeOf('items=0-1', 100), undefined);
    assert.throws(() => rangeOf('bytes=100-', 100), { status: 416 });
    assert.equal(rangeOf('bytes=9-3', 100), undefined);
    assert.throws(() => rangeOf('bytes=-0', 100), { status: 416 });
  });
});

describe('signed links to files', () => {
  const links = new FileLinks(new TextEncoder().encode('a secret for the tests only'));
  const target = { kind: 'complaints', id: 'c-1', evidenceId: 'e-1', variant: 'file' } as const;

  it('open exactly the file they name, until they expire', () => {
    const now = Date.parse('2026-12-05T10:03:00Z');
    const token = links.sign(target, now);
    assert.deepEqual(links.verify(token, now), target);
    assert.deepEqual(links.verify(token, now + 49 * 60_000), target);
    assert.equal(links.verify(token, now + 61 * 60_000), undefined);
  });

  it('stay the same for a while, so a page that refreshes keeps its images cached', () => {
    const now = Date.parse('2026-12-05T10:01:00Z');
    assert.equal(links.sign(target, now), links.sign(target, now + 5 * 60_000));
  });

  it('open nothing when altered or signed with another secret', () => {
    const token = links.sign(target);
    const [payload, signature] = token.split('.');
    const other = Buffer.from(JSON.stringify(['complaints', 'c-2', 'e-1', 'file', Date.now() + 3_600_000])).toString(
      'base64url',
    );
    assert.equal(links.verify(`${other}.${signature}`), undefined);
    assert.equal(links.verify(`${payload}.${signature}x`), undefined);
    assert.equal(links.verify(token.replace('.', '')), undefined);
    assert.equal(new FileLinks(new TextEncoder().encode('another secret')).verify(token), undefined);
  });
});
