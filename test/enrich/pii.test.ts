import { describe, expect, it } from 'vitest';
import { findPii, redact, piiScorer, type FindingType } from '../../src/enrich/pii/index.ts';
import { ibanChecksumValid, luhnValid } from '../../src/enrich/pii/validators.ts';

// Key-shaped strings built here; none is a real credential.
const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const FAKE = {
  openai: 'sk-' + 'A1b2C3d4'.repeat(6),
  openaiProject: 'sk-proj-' + 'Xy9_Kq2-Lm4'.repeat(12),
  anthropic: 'sk-ant-api03-' + 'Ab3'.repeat(31) + 'AA',
  awsAccess: 'AKIA' + 'ABCDEFGHIJ234567',
  awsSession: 'ASIA' + 'ZYXWVUT765432QRS',
  awsSecret: 'Ab1/'.repeat(10),
  github: 'ghp_' + 'a1B2'.repeat(9),
  githubOauth: 'gho_' + 'Z9y8'.repeat(9),
  githubPat: 'github_pat_' + '11ABCDEFG0' + '_' + 'aB3dE6gH9j'.repeat(6),
  slackBot: 'xoxb-' + '1234567890-1234567890123-' + 'AbCdEfGhIjKlMnOpQrStUvWx',
  slackApp: 'xapp-1-' + 'A0123456789-1234567890123-' + 'abcdef0123456789',
  slackWebhook: 'https://hooks.slack.com/services/T00000000/B00000000/' + 'Xk'.repeat(12),
  google: 'AIza' + 'Sy' + 'A1b2C3d4E5'.repeat(3) + 'abc',
  jwt: `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'Test' })}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`,
  pem: '-----BEGIN RSA PRIVATE KEY-----\nMIIEow' + 'IBAAKCAQEA'.repeat(6) + '\n' + 'q1W2e3R4t5'.repeat(6) + '\n-----END RSA PRIVATE KEY-----',
};

function types(text: string): FindingType[] {
  return findPii(text).map((f) => f.type);
}

function only(text: string, type: FindingType, value: string): void {
  const findings = findPii(text);
  expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([[type, value]]);
}

describe('findPii: PII', () => {
  it('emails', () => {
    only('mail jane.doe+tag@example.co.uk today', 'email', 'jane.doe+tag@example.co.uk');
    expect(types('user@localhost, @handle, a@b and foo@bar.')).toEqual([]);
  });

  it.each(['+1 (415) 555-2671', '+44 20 7946 0958', '+33 1 23 45 67 89', '+14155552671', '(415) 555-2671', '415-555-2671', '415.555.2671'])(
    'phone %s',
    (phone) => only(`call ${phone} now`, 'phone', phone),
  );

  it.each(['1234567890', '2024-01-15', '01/15/2024', 'v1.2.3', 'version 10.0.19041', '123-456-7890', 'ISBN 978-3-16-148410-0', '555-1234', 'order 4155552671'])(
    'not a phone: %s',
    (text) => expect(types(`see ${text} here`)).toEqual([]),
  );

  it.each(['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111', '378282246310005', '3782 822463 10005', '5555555555554444'])(
    'credit card %s',
    (card) => only(`card ${card} exp 12/29`, 'credit_card', card),
  );

  it('rejects Luhn-invalid or non-card numbers', () => {
    expect(types('card 4111 1111 1111 1112')).toEqual([]);
    expect(types('card 0000 0000 0000 0000')).toEqual([]);
    expect(types('id 1234567890123')).toEqual([]);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });

  it.each(['DE89 3704 0044 0532 0130 00', 'GB82 WEST 1234 5698 7654 32', 'GB82WEST12345698765432', 'FR14 2004 1010 0505 0001 3M02 606'])(
    'IBAN %s',
    (iban) => only(`pay to ${iban}.`, 'iban', iban),
  );

  it('rejects IBANs with a bad checksum or length', () => {
    expect(types('pay to DE89 3704 0044 0532 0130 01')).toEqual([]);
    expect(types('pay to DE89 3704 0044 0532 0130')).toEqual([]);
    expect(types('pay to ZZ89 3704 0044 0532 0130 00')).toEqual([]);
    expect(ibanChecksumValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanChecksumValid('GB83WEST12345698765432')).toBe(false);
  });

  it('US SSNs and their invalid ranges', () => {
    only('ssn 123-45-6789', 'us_ssn', '123-45-6789');
    for (const bad of ['000-12-3456', '666-12-3456', '900-12-3456', '123-00-6789', '123-45-0000']) {
      expect(types(`ssn ${bad}`)).toEqual([]);
    }
  });

  it.each(['192.168.1.1', '8.8.8.8', '2001:db8::8a2e:370:7334', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '::1', 'fe80::1', '::ffff:192.0.2.128'])(
    'IP address %s',
    (ip) => only(`host ${ip} is up.`, 'ip_address', ip),
  );

  it.each(['256.1.1.1', '1.2.3', 'v1.2.3.4', '1.2.3.4.5', '12:30:45', 'std::vector', 'a::b', '1:2:3'])('not an IP: %s', (text) => {
    expect(types(`see ${text} here`)).toEqual([]);
  });
});

describe('findPii: secrets', () => {
  it.each([
    ['openai_api_key', FAKE.openai],
    ['openai_api_key', FAKE.openaiProject],
    ['anthropic_api_key', FAKE.anthropic],
    ['aws_access_key', FAKE.awsAccess],
    ['aws_access_key', FAKE.awsSession],
    ['github_token', FAKE.github],
    ['github_token', FAKE.githubOauth],
    ['github_token', FAKE.githubPat],
    ['slack_token', FAKE.slackBot],
    ['slack_token', FAKE.slackApp],
    ['slack_token', FAKE.slackWebhook],
    ['google_api_key', FAKE.google],
    ['jwt', FAKE.jwt],
    ['private_key', FAKE.pem],
  ] as const)('%s', (type, secret) => only(`key: ${secret}\nthanks`, type, secret));

  it('AWS secret keys only when labelled', () => {
    only(`aws_secret_access_key = ${FAKE.awsSecret}`, 'aws_secret_key', FAKE.awsSecret);
    only(`AWS_SECRET_ACCESS_KEY="${FAKE.awsSecret}"`, 'aws_secret_key', FAKE.awsSecret);
    expect(types(`checksum ${FAKE.awsSecret}`)).toEqual([]);
  });

  it('ignores key-like words that are not keys', () => {
    expect(types('use sk-learn-is-a-python-library-for-ml-2024 and sk-this-is-not-a-key')).toEqual([]);
    expect(types('ghp_short and AKIA1234 and AIzaShort and xoxb-nope')).toEqual([]);
    expect(types('-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----')).toEqual([]);
    const noAlg = `${b64url({ typ: 'JWT' })}.${b64url({ sub: '1' })}.c2lnbmF0dXJl`;
    expect(types(`token ${noAlg}`)).toEqual([]);
  });

  it('distinguishes Anthropic from OpenAI keys', () => {
    expect(types(FAKE.anthropic)).toEqual(['anthropic_api_key']);
  });
});

describe('findPii: offsets and overlaps', () => {
  it('returns sorted, non-overlapping UTF-16 offsets', () => {
    const text = `😀 Mail bob@example.com or call +44 20 7946 0958; key ${FAKE.openai}.`;
    const findings = findPii(text);
    expect(findings.map((f) => f.type)).toEqual(['email', 'phone', 'openai_api_key']);
    const email = findings[0]!;
    expect(email.start).toBe(text.indexOf('bob@'));
    expect(email.start).toBe(8); // the emoji is two UTF-16 code units
    for (let i = 1; i < findings.length; i++) expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
  });

  it('lets a secret win over the PII-shaped digits inside it', () => {
    const text = `Authorization: Bearer ${FAKE.jwt}`;
    expect(types(text)).toEqual(['jwt']);
  });

  it('finds nothing in ordinary text', () => {
    expect(findPii('')).toEqual([]);
    expect(findPii('The meeting is on 2024-05-01 at 10:30; version 2.3.1 ships with 1,250 fixes.')).toEqual([]);
  });

  it('stays linear on long hostile input', () => {
    const hostile = 'a@' + 'b'.repeat(20_000) + ' ' + '+1 '.repeat(5_000) + '1:'.repeat(5_000);
    const started = performance.now();
    findPii(hostile);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('redact', () => {
  const text = `Email bob@example.com, key ${FAKE.github}, ssn 123-45-6789.`;

  it('replaces only the chosen categories', () => {
    expect(redact(text, new Set(['pii']))).toBe(`Email [REDACTED:email], key ${FAKE.github}, ssn [REDACTED:us_ssn].`);
    expect(redact(text, new Set(['secrets']))).toBe('Email bob@example.com, key [REDACTED:github_token], ssn 123-45-6789.');
    expect(redact(text, new Set(['pii', 'secrets']))).toBe('Email [REDACTED:email], key [REDACTED:github_token], ssn [REDACTED:us_ssn].');
    expect(redact(text, new Set())).toBe(text);
  });
});

describe('piiScorer', () => {
  it('counts findings per type over prompt and response, with the total on pii_count', () => {
    const [results] = piiScorer.score([
      { inputText: 'I am bob@example.com, ssn 123-45-6789', outputText: `Sure, alice@example.org; key ${FAKE.openai}`, contextText: '' },
    ]);
    expect(results!.map((r) => [r.name, r.value, r.label])).toEqual([
      ['pii.openai_api_key', 1, 'secrets'],
      ['pii.email', 2, 'pii'],
      ['pii.us_ssn', 1, 'pii'],
      ['pii', 4, 'secrets'],
    ]);
    expect(results!.at(-1)!.column).toBe('pii_count');
    expect(results!.every((r) => r.source === 'heuristic')).toBe(true);
  });

  it('reports 0 for scanned text without findings and skips calls without text', () => {
    const [clean, empty] = piiScorer.score([
      { inputText: 'hello', outputText: 'hi there', contextText: '' },
      { inputText: '', outputText: '', contextText: '' },
    ]);
    expect(clean!.map((r) => [r.name, r.value, r.label, r.column])).toEqual([['pii', 0, 'none', 'pii_count']]);
    expect(empty).toEqual([]);
  });
});
