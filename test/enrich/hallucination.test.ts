import { describe, expect, it } from 'vitest';
import { explainHallucination, hallucination, hallucinationScorer } from '../../src/enrich/hallucination/index.ts';
import { splitClaims } from '../../src/enrich/hallucination/sentences.ts';
import { lightStem } from '../../src/enrich/hallucination/stem.ts';
import { tokenize } from '../../src/enrich/hallucination/tokenize.ts';
import { inputShape } from '../../src/enrich/hallucination/shape.ts';
import { indexText } from '../../src/enrich/hallucination/text-index.ts';
import { ensembleSum } from '../../src/enrich/hallucination/gate.ts';

const keys = (text: string): string[] => tokenize(text).filter((t) => t.kind !== 'punct').map((t) => t.key);
const claimTexts = (text: string): string[] => {
  const tokens = tokenize(text);
  return splitClaims(tokens).map((c) => text.slice(tokens[c.start]!.start, tokens[c.end - 1]!.end));
};
const score = (context: string, answer: string, question = ''): number => hallucination(question, context, answer)!.score;
const reasons = (context: string, answer: string, question = ''): string[] =>
  hallucination(question, context, answer)!.unsupported.map((u) => `${u.text}: ${u.reason}`);

describe('number and date normalisation', () => {
  it('gives digit groups, spelled-out numbers and scales one key', () => {
    expect(keys('1,000 1000 ten twenty-five 21st twenty-first')).toEqual(['#1000', '#1000', '#10', '#25', '#21', '#21']);
    expect(keys('2 million, two million, 2,000,000')).toEqual(['#2000000', '#2000000', '#2000000']);
    expect(keys('3.50 100, 000')).toEqual(['#3.5', '#100000']);
  });

  it('rejoins digit groups split by tokenization ("45 , 700"), but not a list or a year before a comma', () => {
    const numbers = (text: string): string[] => keys(text).filter((k) => k.startsWith('#'));
    expect(numbers('over 45 , 700 species; 1 , 234 , 567 people')).toEqual(['#45700', '#1234567']);
    expect(numbers('5, 100 and 1998 , 200')).toEqual(['#5', '#100', '#1998', '#200']);
    expect(reasons('At least 45,700 spider species are known.', "i ' m not sure , but there are over 45 , 700 species !")).toEqual([]);
  });

  it('reads decades, percent signs and months', () => {
    expect(keys("1980s 1980 ' s 1920's")).toEqual(['#1980s', '#1980s', '#1920s']);
    expect(keys('5%')).toEqual(['#5', 'percent']);
    expect(keys('March 3 Sept')).toEqual(['@m3', '#3', '@m9']);
    // lower-case "may"/"march" are a verb and a noun, not months
    expect(keys('may march')).toEqual(['may', 'march']);
  });

  it('keeps "first" an ordinary word unless it ends a number', () => {
    expect(keys('first twenty first')).toEqual(['first', '#21']);
  });

  it('treats n\'t (also as "don \' t") as a negator', () => {
    const tokens = tokenize("didn't don ' t");
    expect(tokens.map((t) => [t.lower, t.neg])).toEqual([['did', false], ['not', true], ['do', false], ['not', true]]);
  });
});

describe('light stemmer', () => {
  it('maps word families together', () => {
    expect(lightStem('countries')).toBe(lightStem('country'));
    expect(lightStem('running')).toBe('run');
    expect(lightStem('created')).toBe(lightStem('create'));
    expect(lightStem('colour')).toBe(lightStem('color'));
    expect(lightStem('organised')).toBe(lightStem('organized'));
    expect(lightStem("magazine's")).toBe(lightStem('magazines'));
    expect(lightStem('won')).toBe('win');
  });

  it('never turns a content word into a function word', () => {
    expect(lightStem('theme')).toBe('theme');
  });
});

describe('claim splitting', () => {
  it('splits sentences and clauses, not initials', () => {
    expect(claimTexts('He was born in 1950. He died in 2001; his son lives in Paris. U.S. troops arrived.')).toEqual([
      'He was born in 1950.',
      'He died in 2001;',
      'his son lives in Paris.',
      'U.S. troops arrived.',
    ]);
  });

  it('splits a comma splice and a sentence glued to the next ("century.First")', () => {
    expect(claimTexts('i love gardening , it is considered relaxing')).toEqual(['i love gardening ,', 'it is considered relaxing']);
    expect(claimTexts('published in the 19th century.First for Women is a magazine.')).toEqual([
      'published in the 19th century.',
      'First for Women is a magazine.',
    ]);
  });
});

describe('hallucination()', () => {
  it('returns null without context and 0 for an empty answer', () => {
    expect(hallucination('Who?', '   ', 'Paris')).toBeNull();
    expect(hallucination('', 'The bridge opened in 1932.', '')).toEqual({ score: 0, unsupported: [] });
  });

  it('scores a bare reply with nothing checkable ("Yes", "It was.") above a supported claim, below an invented one', () => {
    const context = 'The bridge opened in 1932 and carries six lanes.';
    const supported = score(context, 'The bridge opened in 1932.');
    const invented = score(context, 'The bridge was designed by Gustave Eiffel in 1887.');
    for (const reply of ['Yes', 'It was.', 'yes, me too']) {
      const bare = score(context, reply);
      expect({ reply, above: bare > supported, below: bare < invented }).toEqual({ reply, above: true, below: true });
    }
  });

  it('accepts a restatement and normalised numbers', () => {
    expect(reasons('The company employs 1,000 people.', 'The company employs 1000 people.')).toEqual([]);
    expect(reasons('Red hair occurs in 1–2% of the population.', 'red hair occurs in 1 - 2 percent of the population .')).toEqual([]);
    expect(score('The company employs 1,000 people.', 'The company employs 1000 people.')).toBeLessThan(0.5);
  });

  it('flags unsupported numbers, dates and names', () => {
    expect(reasons('The company employs 1,000 people.', 'The company employs 1,200 people in Paris.')).toEqual([
      '1,200: number not in context',
      'Paris: name not in context',
    ]);
    expect(reasons('The museum opened on 12 March 1998 in Oslo.', 'The museum opened on 12 May 1998 in Oslo.')).toEqual(['May: date not in context']);
    expect(score('The company employs 1,000 people.', 'The company employs 1,200 people in Paris.')).toBeGreaterThan(0.5);
  });

  it('detects an inserted and a removed negation', () => {
    const context = 'The bridge was opened in 1932.';
    expect(reasons(context, 'The bridge was not opened in 1932.')).toEqual(['not opened: negated, context is not']);
    expect(reasons('He did not win the election.', 'He won the election.')).toEqual(['won: context says "not win"']);
    expect(score(context, 'The bridge was not opened in 1932.')).toBeGreaterThan(score(context, 'The bridge was opened in 1932.'));
  });

  it('does not count a speaker hedge as a negation', () => {
    expect(reasons('The bridge was opened in 1932.', "I'm not sure, but the bridge was opened in 1932.")).toEqual([]);
  });

  it('detects antonyms, also when both words occur in the context sentence', () => {
    expect(reasons('Sales increased by 10 percent in 2019.', 'Sales decreased by 10 percent in 2019.')).toEqual(['decreased: context says "increased"']);
    const context = 'The highway is the western boundary, while the avenue is the eastern boundary.';
    expect(reasons(context, 'The highway is the western boundary, while the avenue is the western boundary.')).toEqual([
      'western: context says "eastern"',
    ]);
  });

  it('detects swapped roles around a verb, but not reordered place and time', () => {
    const context = 'Arsenal beat Chelsea 2-1 at Wembley in the final.';
    expect(reasons(context, 'Chelsea beat Arsenal 2-1 at Wembley in the final.')).toEqual([
      'Chelsea: in a different role than in the context',
      'Arsenal: in a different role than in the context',
    ]);
    expect(reasons('The Beatles were a rock band formed in Liverpool in 1960.', 'the beatles formed in 1960 in liverpool .')).toEqual([]);
    expect(reasons('Donahue replaced Kelli Ward, who resigned.', 'Kelli Ward replaced Donahue, who resigned.')).toHaveLength(2);
  });

  it('flags a name taken from another sentence of the context', () => {
    const context = 'Anna Berg was born in Oslo. Her brother Nils Berg was born in Bergen.';
    expect(reasons(context, 'Anna Berg was born in Bergen.')).toEqual(['Bergen: name from another part of the context']);
    expect(score(context, 'Anna Berg was born in Bergen.')).toBeGreaterThan(score(context, 'Anna Berg was born in Oslo.'));
  });

  it('weighs novel content words by rarity and unsupported additions raise the risk', () => {
    const context = 'The Eiffel Tower is a wrought-iron lattice tower in Paris.';
    const grounded = score(context, 'The Eiffel Tower is a lattice tower in Paris.');
    expect(score(context, 'The Eiffel Tower is a famous lattice tower in Paris.')).toBeGreaterThan(grounded);
    expect(score(context, 'The Eiffel Tower is a lattice tower in Paris, designed by Gustave Eiffel in 1887.')).toBeGreaterThan(
      score(context, 'The Eiffel Tower is a famous lattice tower in Paris.'),
    );
  });

  it('lets the question support a short answer', () => {
    const context = 'The Oberoi Group is a hotel company with its head office in Delhi.';
    expect(score(context, 'Delhi', 'Where is the head office of the Oberoi Group?')).toBeLessThan(
      score(context, 'Mumbai', 'Where is the head office of the Oberoi Group?'),
    );
  });
});

describe('explanations and the scorer', () => {
  it('formats the strongest reasons first, quoting the spans', () => {
    expect(
      explainHallucination({
        score: 0.9,
        unsupported: [
          { text: 'famous', start: 0, end: 6, reason: 'not in context' },
          { text: '1987', start: 10, end: 14, reason: 'number not in context' },
          { text: 'Paris', start: 20, end: 25, reason: 'name not in context' },
        ],
      }),
    ).toBe('unsupported: "1987" (number not in context); "Paris" (name not in context); "famous" (not in context)');
    expect(explainHallucination({ score: 0.2, unsupported: [] })).toBe('no unsupported content found');
  });

  it('scores output against context, labels at 0.5, and skips calls without context', () => {
    expect(hallucinationScorer.needs).toEqual(['output', 'context']);
    const [bad, good, none] = hallucinationScorer.score([
      { inputText: '', outputText: 'The company employs 1,200 people in Paris.', contextText: 'The company employs 1,000 people.' },
      { inputText: '', outputText: 'The company employs 1000 people.', contextText: 'The company employs 1,000 people.' },
      { inputText: 'hi', outputText: 'hello', contextText: '' },
    ]);
    expect(none).toEqual([]);
    expect(bad).toHaveLength(1);
    expect(bad![0]).toMatchObject({
      name: 'hallucination',
      label: 'hallucinated',
      column: 'hallucination',
      explanation: 'unsupported: "1,200" (number not in context); "Paris" (name not in context)',
    });
    expect(['heuristic', 'model']).toContain(bad![0]!.source);
    expect(good![0]).toMatchObject({ label: 'grounded', explanation: 'no unsupported content found' });
    expect(good![0]!.value).toBeLessThan(bad![0]!.value);
  });
});

describe('robustness', () => {
  it('treats words that name Object.prototype members as ordinary words', () => {
    expect(keys('constructor hasOwnProperty valueOf')).toEqual(['constructor', 'hasownproperty', 'valueof']);
    expect(lightStem('__proto__')).toBe('__proto__');
    expect(reasons('The constructor of the bridge was Smith.', 'The constructor of the bridge was Smith.')).toEqual([]);
  });

  it('reads Penn-Treebank "do n\'t" / "ca n\'t" as a negated auxiliary, not as an extra unsupported word', () => {
    expect(tokenize("you ca n't go").map((t) => `${t.key}${t.neg ? '!' : ''}`)).toEqual(['you', 'can', 'not!', 'go']);
    expect(tokenize("I do n't know").filter((t) => !t.stop).map((t) => t.key)).toEqual(['know']);
    expect(reasons('Most people cannot ski on sand.', "you ca n't ski on sand")).toEqual([]);
  });

  it('matches words with and without accents on Latin letters, and leaves other scripts alone', () => {
    expect(keys('Pokémon pokemon Zürich')).toEqual(keys('pokemon Pokemon Zurich'));
    expect(reasons('Nintendo makes Pokémon games.', 'nintendo makes pokemon games')).toEqual([]);
    expect(keys('が')).toEqual(['が']);
  });

  it('handles text without letters and non-Latin scripts', () => {
    expect(hallucination('', '...', '!!!')).toEqual({ score: 0, unsupported: [] });
    expect(reasons('東京は日本の首都です。', '東京は日本の首都です。')).toEqual([]);
  });
});

describe('reordered phrases and spelled-out one', () => {
  it('does not read phrases moved around a date as swapped roles, but still sees two numbers swapped in place', () => {
    const context = 'The first match of American football was played on November 6, 1869, between two college teams, Rutgers and Princeton.';
    expect(reasons(context, 'The first match was between two college teams on November 6, 1869.')).toEqual([]);
    const shares = 'The survey found that 25% of users prefer tea and 75% prefer coffee.';
    expect(reasons(shares, 'The survey found that 75% of users prefer tea and 25% prefer coffee.').join('; ')).toContain('in a different role');
  });

  it('lets "one" in the context support "1" in the answer', () => {
    const context = '"Heartbreak Hotel" was released in January 1956 and became a number one hit in the United States.';
    expect(reasons(context, 'Heartbreak Hotel became a number 1 hit.')).toEqual([]);
    expect(reasons(context, 'Heartbreak Hotel became a number 2 hit.')).toContain('2: number not in context');
  });
});

describe('request shape and the gate', () => {
  it('reads the observable shape of a request: passages, question, first and second person, questions asked', () => {
    const context = 'Paris is the capital of France.\n\nIt has 2 million people.\nThe Seine runs through it.';
    const answer = "I'm sure you know Paris is the capital. Have you been?";
    const shape = inputShape('Tell me about Paris', context, indexText(context), tokenize(answer));
    expect(shape).toEqual({
      contextChars: Math.log1p(context.length),
      contextLines: Math.log1p(3),
      contextSentences: Math.log1p(3),
      questionChars: Math.log1p('Tell me about Paris'.length),
      noQuestion: 0,
      answerWords: Math.log1p(11),
      answerAsks: 1,
      firstPerson: 1 / 11,
      secondPerson: 2 / 11,
    });
    expect(inputShape('  ', 'x', indexText('x'), tokenize('Paris.'))).toMatchObject({ noQuestion: 1, answerAsks: 0, firstPerson: 0, contextLines: Math.log1p(1) });
  });

  it('counts lines of a huge context in bounded work', () => {
    const context = 'line\n'.repeat(200_000);
    expect(inputShape('', context, indexText('line'), tokenize('line')).contextLines).toBe(Math.log1p(1_000));
  });

  it('walks each tree to one leaf and sums the leaves', () => {
    // tree 1: x0 < 0.5 ? 1 : (x1 < 2 ? 10 : 100); tree 2: a single leaf −3
    const trees = { inputs: ['a', 'b'], roots: [0, 5], feature: [0, -1, 1, -1, -1, -1], threshold: [0.5, 0, 2, 0, 0, 0], left: [1, -1, 3, -1, -1, -1], right: [2, -1, 4, -1, -1, -1], value: [0, 1, 0, 10, 100, -3] };
    expect(ensembleSum(trees, [0, 0])).toBe(-2);
    expect(ensembleSum(trees, [1, 1])).toBe(7);
    expect(ensembleSum(trees, [1, 5])).toBe(97);
  });
});
