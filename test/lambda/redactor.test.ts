import { Redactor } from '../../lambda/redactor';

describe('Redactor', () => {
  test('a secret is redacted anywhere, also in its JSON-escaped form', () => {
    const redactor = new Redactor();
    redactor.add('s3cr"et');

    expect(redactor.redact('got s3cr"et and "s3cr\\"et" and xs3cr"etx')).toBe('got [redacted] and "[redacted]" and x[redacted]x');
  });

  test('a contact is redacted as a whole word only, so property names stay readable', () => {
    const redactor = new Redactor();
    redactor.addWord('Procurement');
    redactor.addWord('ap@example.com');

    expect(redactor.redact('ProcurementPortalSharedSecretRef: contact Procurement <ap@example.com>, (Procurement)'))
      .toBe('ProcurementPortalSharedSecretRef: contact [redacted] <[redacted]>, ([redacted])');
  });

  test('regular-expression characters in a value are taken literally', () => {
    const redactor = new Redactor();
    redactor.addWord('A. (B) [C]+');

    expect(redactor.redact('name A. (B) [C]+ and A  B C')).toBe('name [redacted] and A  B C');
  });

  test('values shorter than 4 characters are not redacted (they would garble every message)', () => {
    const redactor = new Redactor();
    redactor.add('abc');
    redactor.addWord('Al');

    expect(redactor.redact('abc Al')).toBe('abc Al');
  });

  test('the longest value first, so one containing another is replaced whole', () => {
    const redactor = new Redactor();
    redactor.add('secret');
    redactor.add('secret-and-more');

    expect(redactor.redact('x secret-and-more y')).toBe('x [redacted] y');
  });
});
