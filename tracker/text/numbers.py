"""Numbers as writers spell them: 7 = VII = seven. One definition for the linker's aliases and
for search."""

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def number_value(token: str, *, words: bool = True, single_letters: bool = True) -> int | None:
    """The number a token spells (7, VII, seven), or None. `words=False` leaves number words
    alone; `single_letters=False` leaves one-letter Roman numerals (I, V, X) alone, which are
    more often a pronoun or a letter than a number."""
    upper = token.upper()
    if upper in ROMAN and (single_letters or len(token) > 1):
        return ROMAN.index(upper) + 1
    if token.isascii() and token.isdigit() and 1 <= int(token) <= len(ROMAN):
        return int(token)
    if words and token.lower() in NUMBER_WORDS:
        return NUMBER_WORDS.index(token.lower()) + 1
    return None


def number_forms(value: int) -> list[str]:
    """[Roman, digits, word] for a number from 1 to 12: [VII, 7, seven]."""
    return [ROMAN[value - 1], str(value), NUMBER_WORDS[value - 1]]
