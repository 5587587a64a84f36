import { describe, expect, it } from 'vitest';
import { docName, parseDocName } from './collab.ts';

describe('document names', () => {
  it('round-trips canonical names', () => {
    expect(parseDocName(docName('minutes', '2020-06-18-coordination'))).toEqual({ kind: 'minutes', id: '2020-06-18-coordination' });
    expect(parseDocName('action-plan:2017-2020')).toEqual({ kind: 'action-plan', id: '2017-2020' });
  });

  it('refuses every non-canonical variant, so none can alias another document', () => {
    for (const name of [
      'minutes',
      'minutes:',
      'Minutes:x',
      'minutes:X',
      'minutes:../x',
      'minutes:a/b',
      'minutes:%2e%2e',
      'minutes:a b',
      'minutes:ａ',
      'minutes:-a',
      'unknown:a',
      `minutes:${'a'.repeat(65)}`,
    ]) {
      expect(parseDocName(name), name).toBeNull();
    }
  });

  it('will not build a name from an invalid id', () => {
    expect(() => docName('minutes', '../x')).toThrow();
  });
});
