import { describe, expect, it } from 'vitest';
import { normalizeToxicityText } from '../../src/enrich/toxicity/normalize.ts';
import { lexiconFlags, LEX_PROFANITY, LEX_SLUR } from '../../src/enrich/toxicity/lexicon.ts';
import { decodeModel, encodeModel, ToxicityModel, loadModel } from '../../src/enrich/toxicity/model.ts';
import { ToxicityFeaturizer } from '../../src/enrich/toxicity/features.ts';
import { toxicity } from '../../src/enrich/toxicity/toxicity.ts';
import { toxicityScorer } from '../../src/enrich/toxicity/scorer.ts';

describe('toxicity normalisation', () => {
  it.each([
    ['casing', 'FUCK You', 'fuck you'],
    ['repeated letters', 'fuuuuck this shiiiit', 'fuck this shit'],
    ['repeated letters keep a real double', 'assss', 'ass'],
    ['leet digits', 'sh1t h0e', 'shit hoe'],
    ['leet @', 'you @ss', 'you ass'],
    ['leet $', '$hit', 'shit'],
    ['masked with *', 'f*ck off', 'fuck off'],
    ['masked with **', 'f**k', 'fuck'],
    ['masked with #', 's#it', 'shit'],
    ['masked with !', 'b!tch', 'bitch'],
    ['masked stem with suffix', 'f*cking idiot', 'fucking idiot'],
    ['spaced letters', 'f u c k you', 'fuck you'],
    ['dotted letters', 'f.u.c.k', 'fuck'],
    ['dashed letters', 'b-i-t-c-h', 'bitch'],
  ])('%s: %j → %j', (_name, input, expected) => {
    expect(normalizeToxicityText(input)).toBe(expected);
  });

  it('leaves ordinary text, numbers and markdown alone', () => {
    expect(normalizeToxicityText('**Note**: it is *fine*, see #3 at 10pm!!!')).toBe('note it is fine see 3 at 10pm');
    expect(normalizeToxicityText('C# and F# are languages')).toBe('c and f are languages');
    expect(normalizeToxicityText("Don't &amp; RT http://t.co/abc")).toBe('dont rt');
  });

  it('does not read masks without letters as words', () => {
    expect(normalizeToxicityText('*** a ***')).toBe('a');
  });
});

describe('toxicity lexicon', () => {
  it('tags profanity and slurs, not ordinary words', () => {
    expect(lexiconFlags('fuck') & LEX_PROFANITY).toBe(LEX_PROFANITY);
    expect(lexiconFlags('faggot') & LEX_SLUR).toBe(LEX_SLUR);
    expect(lexiconFlags('class')).toBe(0);
  });
});

describe('toxicity model', () => {
  it('scores abuse high and ordinary text low', () => {
    expect(toxicity('you are a stupid fucking idiot')).toBeGreaterThan(0.9);
    expect(toxicity('Thanks, the meeting moved to 3pm on Tuesday. See you there.')).toBeLessThan(0.3);
    expect(toxicity('Here is a Python function that sorts a list of integers in ascending order.')).toBeLessThan(0.3);
  });

  it('scores obfuscated abuse like the plain spelling', () => {
    const plain = toxicity('fuck you bitch');
    for (const variant of ['FUUUCK you b!tch', 'f*ck you b1tch', 'f u c k you $hit']) {
      expect(toxicity(variant)).toBeGreaterThan(0.8);
    }
    expect(plain).toBeGreaterThan(0.8);
  });

  it('returns 0 for text without words', () => {
    expect(toxicity('')).toBe(0);
    expect(toxicity('  !!! ... ')).toBe(0);
  });

  it('survives an encode/decode round trip within quantisation error', () => {
    const weights = loadModel();
    const decoded = decodeModel(encodeModel(weights));
    expect(decoded.hashBits).toBe(weights.hashBits);
    expect(decoded.bias).toBeCloseTo(weights.bias, 6);
    const a = new ToxicityModel(weights).probability('what a load of crap');
    const b = new ToxicityModel(decoded).probability('what a load of crap');
    expect(Math.abs(a - b)).toBeLessThan(1e-3);
  });

  it('rejects a file that is not a model', () => {
    expect(() => decodeModel(new Uint8Array(64))).toThrow(/not a toxicity model/);
  });

  it('hashes word and character n-grams into the table', () => {
    const featurizer = new ToxicityFeaturizer(10).extract('ab cd');
    // words: ab, cd, bigram; chars over " ab cd " (7 codes): 5 trigrams + 4 four-grams + 3 five-grams
    expect(featurizer.wordCount).toBe(3);
    expect(featurizer.charCount).toBe(12);
    for (let i = 0; i < 15; i++) expect(featurizer.indices[i]).toBeLessThan(1024);
  });
});

describe('toxicityScorer', () => {
  it('scores prompt and response, the column on the response', () => {
    const [results] = toxicityScorer.score([{ inputText: 'hello there', outputText: 'fuck off you idiot', contextText: '' }]);
    expect(results!.map((r) => r.name)).toEqual(['toxicity.input', 'toxicity.output']);
    expect(results![0]!.column).toBeUndefined();
    expect(results![1]!.column).toBe('toxicity');
    expect(results![1]!.label).toBe('toxic');
    expect(results![0]!.label).toBe('ok');
    expect(results!.every((r) => r.source === 'model')).toBe(true);
  });

  it('puts the column on the prompt when there is no response, and skips empty calls', () => {
    const [promptOnly, empty] = toxicityScorer.score([
      { inputText: 'hello there', outputText: '', contextText: '' },
      { inputText: '', outputText: '', contextText: '' },
    ]);
    expect(promptOnly!.map((r) => [r.name, r.column])).toEqual([['toxicity.input', 'toxicity']]);
    expect(empty).toEqual([]);
  });
});

describe('toxicity structure and explanations', () => {
  it('names the words and structure that drove a score', () => {
    const threat = toxicityScorer.score([{ inputText: '', outputText: 'I will kill all the immigrants.', contextText: '' }])[0]![0]!;
    expect(threat.value).toBeGreaterThan(0.9);
    expect(threat.explanation).toMatch(/P\(toxic\)=(?:0\.9\d\d|1\.000)/);
    expect(threat.explanation).toContain('"kill"');
    expect(threat.explanation).toContain('a violent verb with will/should/must (threat form)');
  });

  it('weighs negated and quoted words apart from the writer\'s own', () => {
    for (const group of ['Immigrants', 'Women', 'Muslims']) {
      const plain = toxicity(`${group} are disgusting.`);
      expect(plain).toBeGreaterThan(0.9);
      // measured 0.55 / 0.22 / 0.37: "immigrants" itself carries weight (Davidson), so negation halves it only
      expect(toxicity(`${group} are not disgusting.`)).toBeLessThan(plain - 0.4);
    }
    expect(toxicity('Women are not disgusting.')).toBeLessThan(0.3);
    expect(toxicity('Saying "immigrants are disgusting" is wrong.')).toBeLessThan(0.3);
    expect(toxicity('I am a gay man.')).toBeLessThan(0.2);
  });

  it('scores at most the first 20,000 characters and says so', () => {
    const long = `${'The weather is calm today. '.repeat(1000)}you are a stupid fucking idiot`;
    const [result] = toxicityScorer.score([{ inputText: '', outputText: long, contextText: '' }])[0]!;
    expect(result!.value).toBeLessThan(0.5);
    expect(result!.explanation).toContain(`long text: only the first 20000 of ${long.length} characters were scored`);
  });

  it('says when the local score should not be trusted and points to the LLM judge', () => {
    const foreign = toxicityScorer.score([{ inputText: '', outputText: 'Я тебя ненавижу, ты ужасен и глуп, уходи отсюда', contextText: '' }])[0]![0]!;
    expect(foreign.explanation).toMatch(/low confidence: most words are not English.*use the LLM judge/);
    const plain = toxicityScorer.score([{ inputText: '', outputText: 'Here is a Python function that sorts a list.', contextText: '' }])[0]![0]!;
    expect(plain.explanation).not.toContain('low confidence');
  });
});

describe('toxicity cost', () => {
  const fastest = (run: () => void): number => {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const start = performance.now();
      run();
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };

  for (const [shape, unit] of [['prose', 'You are a stupid idiot, "they said" and I did not agree. '], ['one endless word', 'a'], ['quotes and negations', '"not no never " '], ['handles, tags, entities and markup', '@a #b &#1; RT == [[x]] http://a\n:']] as const) {
    it(`grows linearly from 10 KB to 1 MB of text: ${shape}`, () => {
      const small = unit.repeat(Math.ceil(10_000 / unit.length));
      const large = unit.repeat(Math.ceil(1_000_000 / unit.length));
      toxicity(small);
      const smallMs = fastest(() => toxicity(small));
      const largeMs = fastest(() => toxicity(large));
      // 100× the input: the model reads at most MAX_TOXICITY_CHARS (20 KB), so far below linear; quadratic
      // code before the cut would show as ~10,000×.
      expect(largeMs / Math.max(smallMs, 0.5)).toBeLessThanOrEqual(150);
    });
  }
});
