/**
 * The words of the Dale–Chall list of familiar words (as shipped by textstat,
 * textstat/resources/en/easy_words.txt, MIT, Copyright (c) 2016 Shivam Bansal) that have
 * three or more syllables. Gunning Fog counts a word as "complex" when it has 3+ syllables
 * and is not on that list, so shorter list words never matter and are left out.
 */
const WORDS = `
accident adventure afternoon afterward afterwards alligator already america american animal another anybody anyhow
anyone anything anyway anywhere apartment arithmetic attention automobile avenue awaken awfully bakery banana
battleship beautiful beautify becoming beginning bicycle blackberry blueberry bookkeeper buffalo bumblebee buttercup
butterfly buttermilk butterscotch buttonhole cabinet calendar canary candlestick capital carelessness carpenter
caterpillar cereal certainly champion chocolate cigarette citizen coconut coffeepot company conductor cowardly
cranberry customer dangerous december deposit diamond difference different direction discover dressmaker electric
electricity elephant eleven enemy engineer envelope eraser every everybody everyday everyone everything everywhere
excited exciting factory family faraway favorite february finally firearm firecracker fireplace fireworks fisherman
flowery following forgotten furniture gasoline general gentleman gentlemen geography gingerbread godmother
gooseberry government grandchildren granddaughter grandfather grandmother grasshopper grocery gunpowder handkerchief
handwriting happily happiness hickory history holiday honeybee honeymoon hospital however idea ideal important
impossible indian interested interesting ivory january jellyfish lemonade liberty library locomotive machinery
magazine manager medicine multiply neighborhood nevermore newspaper nobody november october officer otherwise
overalls overcoat overeat overhead overhear overnight overturn passenger peppermint piano pineapple pocketbook
policeman possible potato potatoes powerful pussycat radio rapidly remember satisfactory saturday schoolmaster
separate september settlement seventeen seventy several shoemaker slippery somebody strawberry sunflower tablecloth
tablespoon telephone terrible thanksgiving theater tobacco together tomato tomorrow tricycle umbrella underwear
understand unfinished unfriendly unhappy uniform united unpleasant unwilling valentine valuable vegetable victory
violet visitor watermelon waterproof whenever wonderful woodpecker yesterday
`;

export const EASY_POLYSYLLABIC_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w !== ''));
