"""Varied Italian organisation names, as real new members are, for matching tests and benchmarks.

Names are drawn from word lists (surnames, sector words, places, brand syllables, legal forms)
in the shapes a member register holds ("Rossi Impianti S.r.l.", "Energie Rinnovabili Brianza
S.p.A.", "Bianchi & Ferrari S.n.c.", "Fratelli Colombo", "Tecnoval S.r.l."), unique by name
key, so that a test or a benchmark sees the word frequencies of a real register (a few words in
thousands of names, most in a few) instead of "Company 00001".
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from workbench.rules.names import name_key

SURNAMES = (
    "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti "
    "De_Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani "
    "Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra "
    "Coppola De_Santis D'Angelo Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco "
    "Marini Grasso Valentini Messina Sala De_Angelis Gatti Pellegrini Palumbo Sanna Farina "
    "Rizzi Monti Cattaneo Morelli Amato Silvestri Mazza Testa Grassi Pellegrino Carbone "
    "Giuliani Benedetti Barone Rossetti Caputo Montanari Guerra Palmieri Bernardi Martino "
    "Fiore De_Rosa Ferretti Bellini Basile Riva Donati Piras Vitali Battaglia Sartori Neri "
    "Costantini Milani Pagano Ruggiero Sorrentino D'Amico Orlando Damico Negri Brambilla "
    "Fumagalli Pozzi Spinelli Tagliabue Cazzaniga Galbiati Pirovano Sironi Crippa Redaelli"
).split(" ")
SURNAMES = tuple(s.replace("_", " ") for s in SURNAMES)  # "De_Luca" -> "De Luca"

SECTORS = (
    "Impianti Costruzioni Energia Energie Elettrotecnica Meccanica Automazione Sistemi "
    "Servizi Ambiente Ecologia Termotecnica Idraulica Solare Fotovoltaico Tecnologie Software "
    "Informatica Logistica Trasporti Consulenza Ingegneria Edilizia Serramenti Plastica "
    "Metalli Carpenteria Stampaggio Laser Robotica Elettronica Illuminazione Climatizzazione "
    "Biogas Recuperi Riciclo Acque Depurazione Isolamenti Domotica Cablaggi Progetti"
).split()
ADJECTIVES = (
    "Rinnovabili Industriali Avanzate Integrati Sostenibili Innovativi Digitali Italiani "
    "Lombarde Verdi Nuove Globali Moderne Tecniche Generali Riunite Associate"
).split()
PLACES = (
    "Milano Brianza Bergamo Brescia Como Lecco Varese Monza Lodi Cremona Mantova Pavia Sondrio "
    "Valtellina Lomellina Franciacorta Ticino Adda Oglio Seveso Lambro Garda Iseo Orobica "
    "Insubria Padana Lario Valcamonica Valseriana Martesana Legnano Saronno Gallarate Busto "
    "Vigevano Crema Treviglio Seregno Desio Cantu Erba Chiari Rovato Lumezzane Vimercate"
).split()
BRAND_HEADS = (
    "Tecno Idro Termo Elettro Eco Geo Euro Inter Multi Omni Nova Alfa Delta Omega Sigma Iper "
    "Mega Tele Bio Ener Solar Metal Plast Infra Clima Lux Aqua Terra Vento Sole"
).split()
BRAND_TAILS = (
    "val lux tec tronic sistem gas mec service lab net form line tech power impianti edil "
    "green plan logic data quadro studio ware works"
).split()
LEGAL_FORMS = ("S.r.l.", "S.r.l.", "S.r.l.", "S.p.A.", "S.r.l.s.", "S.n.c.", "Soc. Coop.",
               "S.a.s.", "SRL", "")  # fmt: skip


def _shape(rng: random.Random) -> str:
    """One name without its legal form, in one of the shapes a member register holds."""
    roll = rng.random()
    surname, sector = rng.choice(SURNAMES), rng.choice(SECTORS)
    if roll < 0.22:
        return f"{surname} {sector}"
    if roll < 0.36:
        return f"{sector} {rng.choice(ADJECTIVES)} {rng.choice(PLACES)}"
    if roll < 0.48:
        return f"{rng.choice(BRAND_HEADS)}{rng.choice(BRAND_TAILS)} {rng.choice(PLACES)}"
    if roll < 0.58:
        return f"{rng.choice(BRAND_HEADS)}{rng.choice(BRAND_TAILS)}"
    if roll < 0.68:
        return f"{surname} & {rng.choice(SURNAMES)}"
    if roll < 0.75:
        return f"Fratelli {surname} {sector}"
    if roll < 0.88:
        return f"{surname} {sector} {rng.choice(PLACES)}"
    return f"{sector} {rng.choice(SECTORS)} {surname}"


def varied_names(
    count: int, seed: int = 7, *, avoid: set[str] | frozenset[str] = frozenset()
) -> Iterator[str]:
    """*count* organisation names, unique by name key and none with a key in *avoid*.

    Deterministic for a seed. Raises RuntimeError when the word lists cannot give *count*
    distinct names (they give well over 100,000).
    """
    rng = random.Random(seed)
    seen = set(avoid)
    made = tries = 0
    while made < count:
        tries += 1
        if tries > count * 50:
            raise RuntimeError(f"only {made} distinct names after {tries} tries")
        name = f"{_shape(rng)} {rng.choice(LEGAL_FORMS)}".strip()
        key = name_key(name)
        if key in seen:
            continue
        seen.add(key)
        made += 1
        yield name


def with_typo(name: str, rng: random.Random) -> str:
    """*name* with one letter of its longest word replaced (a near miss of a real name)."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    pos = rng.randrange(1, len(word) - 1) if len(word) > 2 else 0
    letter = rng.choice([c for c in "aeiourlnst" if c != word[pos].lower()])
    words[longest] = word[:pos] + letter + word[pos + 1 :]
    return " ".join(words)


def respell(name: str) -> str:
    """*name* as another office types it: capitals, the legal form without dots."""
    up = name.upper()
    for dotted, plain in (
        (" S.R.L.S.", " SRLS"),
        (" S.R.L.", " SRL"),
        (" S.P.A.", " SPA"),
        (" S.N.C.", " SNC"),
        (" S.A.S.", " SAS"),
        (" SOC. COOP.", " SOC COOP"),
    ):
        up = up.replace(dotted, plain)
    return up
