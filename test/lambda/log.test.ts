import { REDACTED, Redactor, WITHHELD, external } from '../../lambda/aws/log';

describe('Redactor', () => {
  test('a secret is redacted anywhere in external text, also in its JSON-escaped form', () => {
    const redactor = new Redactor();
    redactor.add('s3cr"et');

    expect(redactor.redact(external('got s3cr"et and "s3cr\\"et" and xs3cr"etx')))
      .toBe('got [redacted] and "[redacted]" and x[redacted]x');
  });

  test('a contact is redacted as a whole word only, so property names stay readable', () => {
    const redactor = new Redactor();
    redactor.addWord('Procurement');
    redactor.addWord('ap@example.com');

    expect(redactor.redact(external('ProcurementPortalSharedSecretRef: contact Procurement <ap@example.com>, (Procurement)')))
      .toBe('ProcurementPortalSharedSecretRef: contact [redacted] <[redacted]>, ([redacted])');
  });

  test('regular-expression characters in a value are taken literally', () => {
    const redactor = new Redactor();
    redactor.addWord('A. (B) [C]+');

    expect(redactor.redact(external('name A. (B) [C]+ and A  B C'))).toBe('name [redacted] and A  B C');
  });

  test('a secret or contact shorter than 4 characters withholds the whole external text that contains it', () => {
    const redactor = new Redactor();
    redactor.add('abc');
    redactor.addWord('Al');

    expect(redactor.redact(`Operation failed: ${external("Value 'abc' rejected")}`)).toBe(`Operation failed: ${WITHHELD}`);
    expect(redactor.redact(`Operation failed: ${external('Contact Al rejected')}`)).toBe(`Operation failed: ${WITHHELD}`);
    // External text without the value stays readable.
    expect(redactor.redact(external('Rate exceeded'))).toBe('Rate exceeded');
  });

  test('a one-character secret never shows where its letter was', () => {
    const redactor = new Redactor();
    redactor.add('a');

    const shown = redactor.redact(`Create failed: ${external('ValidationException')}: ${external('Shared secret a is too short')}`);
    expect(shown).toBe(`Create failed: ${WITHHELD}: ${WITHHELD}`);
    expect(shown).not.toContain(REDACTED);
  });

  test('the handler\'s own words are never redacted: a secret equal to "Created" is not revealed by a Reason', () => {
    const redactor = new Redactor();
    redactor.add('Created');
    redactor.addWord('Deleted');

    expect(redactor.redact('Created: arn:aws:invoicing::123456789012:procurement-portal-preference/p-1'))
      .toBe('Created: arn:aws:invoicing::123456789012:procurement-portal-preference/p-1');
    expect(redactor.redact('Deleted')).toBe('Deleted');
    // The same word echoed by the service is redacted.
    expect(redactor.redact(`failed: ${external('Created was rejected')}`)).toBe('failed: [redacted] was rejected');
  });

  test('the longest value first, so one containing another is replaced whole', () => {
    const redactor = new Redactor();
    redactor.add('secret');
    redactor.add('secret-and-more');

    expect(redactor.redact(external('x secret-and-more y'))).toBe('x [redacted] y');
  });

  test('segment markers sent by the service cannot open or close a segment', () => {
    const redactor = new Redactor();
    redactor.add('s3cret');

    const text = external('a\u0003 s3cret \u0002b');
    expect(redactor.redact(text)).toBe('a [redacted] b');
    expect(redactor.redact('plain \u0002text\u0003')).toBe('plain text');
  });
});
