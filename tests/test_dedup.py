"""Near-duplicate detection (redline.corroborate). All articles here are written for these tests."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from redline.corroborate import DedupConfig, DedupIndex, DocKey
from redline.corroborate.dedup import Featurizer, _Bands, lead_text

KHARKIV = [
    "Russian forces struck a residential district of Kharkiv with two glide bombs on Tuesday evening, "
    "killing four people and wounding 23, the regional governor Oleh Syniehubov said.",
    "One of the bombs hit a nine-storey apartment block on Heroiv Pratsi street, collapsing part of the "
    "fourth and fifth floors. Rescuers pulled a 12-year-old girl from the rubble shortly before midnight.",
    "The second bomb landed near a tram depot in the Saltivskyi district, damaging 14 tram cars and "
    "shattering windows in a nearby kindergarten, city mayor Ihor Terekhov wrote on Telegram.",
    "Ukraine's air force said Russian Su-34 jets launched the bombs from the Belgorod region, about "
    "40 kilometres from the city, beyond the reach of most air defence systems.",
    "Kharkiv, Ukraine's second-largest city, has been hit almost daily since May, when Russian troops "
    "opened a new front north of the city. Officials say at least 210 civilians were killed there this year.",
    "Terekhov urged residents to stay in shelters when the sirens sound and said the city would repair "
    "the damaged heating pipes before the first frosts.",
]
KHARKIV_TITLE = "Russian glide bombs kill four in Kharkiv"

ODESA = [
    "Russian forces struck the port of Odesa with ballistic missiles on Tuesday evening, killing two "
    "dock workers and injuring nine, the regional governor Oleh Kiper said.",
    "The missiles hit a grain terminal and a warehouse storing sunflower oil, setting off a fire that "
    "burned for six hours. A Panama-flagged cargo ship moored nearby was lightly damaged.",
    "The Ukrainian navy said the attack was the 31st on Odesa's port infrastructure since the summer, "
    "when Ukraine opened its own shipping corridor along the western coast of the Black Sea.",
    "Kiper said 17 firefighters and two fire trains were sent to the terminal, and that exports through "
    "the port would resume on Thursday.",
    "Russia's defence ministry said its forces had hit facilities used to prepare naval drones, a claim "
    "that could not be independently verified.",
]
ODESA_TITLE = "Russian missiles hit Odesa grain terminal, two killed"


def body(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


@pytest.fixture(scope="module")
def encoder():
    from redline.code.classifier import load_static_encoder

    return load_static_encoder()


def test_exact_copy_is_detected(encoder):
    index = DedupIndex(encoder=encoder)
    first = index.add(DocKey("a", body(KHARKIV), KHARKIV_TITLE, "2024-11-05T19:40:00+02:00"))
    assert first.duplicate_of is None and first.kind is None and first.story == "a"
    # white space and case do not matter
    copy = body(KHARKIV).upper().replace("\n\n", "\n \n   ")
    match = index.add(DocKey("b", copy, "KHARKIV: FOUR KILLED", "2024-11-05T21:00:00+02:00"))
    assert (match.duplicate_of, match.kind, match.story) == ("a", "exact", "a")
    assert match.assignment.similarity == 1.0
    assert index.clusters() == {"a": ["a", "b"]}


def test_aggregator_repost_and_html_copy_are_one_story(encoder):
    # The cleaned HTML copy of the outlet's page (what redline.clean keeps of it) ...
    html_copy = body(KHARKIV)
    # ... and a plain-text aggregator repost, with its own header, mid-article lines and footer.
    repost = body(
        [
            "Post At: 5 November 2024 22:14",
            "Source: Kharkiv Today / republished with permission",
            *KHARKIV[:3],
            "Read also: Air raid alerts across eastern Ukraine tonight",
            *KHARKIV[3:],
            "Share on Facebook | Share on X | Send by e-mail",
            "Subscribe to our channel to get the news first. All rights reserved.",
        ]
    )
    index = DedupIndex(encoder=encoder)
    result = index.add_many(
        [
            DocKey("repost", repost, "Kharkiv bombed again: 4 dead (REPOST)", "2024-11-05T22:14:00"),
            DocKey("outlet", html_copy, KHARKIV_TITLE, "2024-11-05T19:40:00"),
            DocKey("odesa", body(ODESA), ODESA_TITLE, "2024-11-05T20:10:00"),
        ]
    )
    by_id = {a.id: a for a in result.assignments}
    assert by_id["repost"].duplicate_of == "outlet"
    assert by_id["repost"].kind == "near"
    assert by_id["outlet"].duplicate_of is None
    assert by_id["odesa"].duplicate_of is None
    assert index.clusters() == {"outlet": ["outlet", "repost"]}


def test_rewrite_with_reordered_paragraphs_and_new_title(encoder):
    rewritten = [
        KHARKIV[4],
        KHARKIV[0].replace("wounding 23", "injuring 23 others").replace("said", "reported"),
        KHARKIV[2],
        KHARKIV[1].replace("Rescuers pulled", "Emergency workers rescued"),
        KHARKIV[5],
        KHARKIV[3],
    ]
    index = DedupIndex(encoder=encoder)
    index.add(DocKey("wire", body(KHARKIV), KHARKIV_TITLE, "2024-11-05"))
    match = index.add(
        DocKey("rewrite", body(rewritten), "Kharkiv counts the dead after night of glide bombs", "2024-11-06")
    )
    assert match.duplicate_of == "wire"
    assert match.kind in ("near", "rewrite")


def test_light_rewrite_is_caught_by_the_embedding_of_its_lead(encoder):
    # Same lead and facts, but most of the body is written again: shingles no longer match.
    rewritten = [
        "Russian forces struck a residential area of Kharkiv with two glide bombs on Tuesday night, "
        "killing four people and wounding 23, regional governor Oleh Syniehubov said.",
        "A nine-storey block on Heroiv Pratsi street partly collapsed after a direct hit; a 12-year-old "
        "girl was brought out of the debris alive just before midnight.",
        "Near a tram depot in Saltivskyi, the other bomb wrecked 14 trams and blew out kindergarten "
        "windows, according to mayor Ihor Terekhov.",
        "The Belgorod region, some 40 kilometres away, is where Russian Su-34 aircraft released the "
        "bombs, Ukraine's air force said. The city has come under fire nearly every day since May, and "
        "210 civilians have died there this year.",
    ]
    index = DedupIndex(encoder=encoder)
    index.add(DocKey("wire", body(KHARKIV), KHARKIV_TITLE, "2024-11-05T20:00:00Z"))
    match = index.add(
        DocKey("rw", body(rewritten), "Glide bombs kill four in Kharkiv", "2024-11-05T23:00:00Z")
    )
    assert match.duplicate_of == "wire"
    assert match.kind == "rewrite"
    # the same rewrite a month later is not the same story
    late = DedupIndex(encoder=encoder)
    late.add(DocKey("wire", body(KHARKIV), KHARKIV_TITLE, "2024-11-05T20:00:00Z"))
    assert (
        late.add(DocKey("rw", body(rewritten), "Glide bombs kill four in Kharkiv", "2024-12-09")).kind is None
    )


def test_different_attacks_on_the_same_day_stay_apart(encoder):
    # Same actor, same target country, same day, similar wording, different places and figures.
    kharkiv = body(KHARKIV[:4])
    odesa = body(ODESA[:4])
    index = DedupIndex(encoder=encoder)
    index.add(DocKey("kharkiv", kharkiv, "Russian forces strike Kharkiv, four killed", "2024-11-05"))
    match = index.add(DocKey("odesa", odesa, "Russian forces strike Odesa, two killed", "2024-11-05"))
    assert match.duplicate_of is None and match.kind is None
    # a lead written like Kharkiv's does not pull the Odesa story into it
    odesa_lead = (
        "Russian forces struck a residential district of Odesa with two ballistic missiles on Tuesday "
        "evening, killing two people and wounding nine, the regional governor Oleh Kiper said."
    )
    twin = index.add(DocKey("odesa2", body([odesa_lead, *ODESA[1:]]), KHARKIV_TITLE, "2024-11-05"))
    assert twin.duplicate_of == "odesa"
    assert index.clusters() == {"odesa": ["odesa", "odesa2"]}


def corpus() -> list[DocKey]:
    rng = random.Random(3)
    docs = [
        DocKey("k-outlet", body(KHARKIV), KHARKIV_TITLE, "2024-11-05T19:40:00+02:00"),
        DocKey("k-copy", body(KHARKIV), "Kharkiv", "2024-11-05T17:00:00+00:00"),  # earliest, exact copy
        DocKey("k-repost", body(["Source: Kharkiv Today", *KHARKIV, "All rights reserved."]), None, None),
        DocKey("k-short", body(KHARKIV[:4]), KHARKIV_TITLE, "2024-11-06"),
        DocKey("o-outlet", body(ODESA), ODESA_TITLE, "2024-11-05T20:10:00+02:00"),
        DocKey("o-repost", body([*ODESA, "Share this article"]), ODESA_TITLE, "2024-11-05T20:10:00+02:00"),
        DocKey("alone", body(ODESA[2:] + KHARKIV[4:]), "Two cities", "2024-11-07"),
        DocKey("tiny", "Air raid alert.", None, "2024-11-05"),
        DocKey("tiny2", "Air raid alert.", None, "2024-11-06"),
        DocKey("empty", "", None, None),
    ]
    shuffled = docs[:]
    rng.shuffle(shuffled)
    return shuffled


def test_result_does_not_depend_on_the_order_of_adding(encoder):
    docs = corpus()
    all_at_once = DedupIndex(encoder=encoder)
    all_at_once.add_many(docs)
    expected = {a.id: a for a in all_at_once.assignments()}
    assert expected["k-outlet"].duplicate_of == "k-copy"
    assert expected["k-repost"].duplicate_of == "k-copy"
    assert expected["k-short"].duplicate_of == "k-copy"
    assert expected["o-repost"].duplicate_of == "o-outlet"  # same time: smallest id
    assert expected["tiny2"].duplicate_of == "tiny" and expected["tiny2"].kind == "exact"
    assert expected["alone"].duplicate_of is None
    assert expected["empty"].story == "empty"
    clusters = all_at_once.clusters()
    assert clusters["k-copy"] == ["k-copy", "k-outlet", "k-short", "k-repost"]

    for seed in range(5):
        order = docs[:]
        random.Random(seed).shuffle(order)
        index = DedupIndex(encoder=encoder)
        reported = {}
        for doc in order:  # one at a time, applying the reported changes as a store would
            match = index.add(doc)
            reported[doc.id] = match.assignment
            for changed in match.changed:
                assert changed.id in reported
                reported[changed.id] = changed
        assert {a.id: a for a in index.assignments()} == expected
        assert reported == expected
        assert index.clusters() == clusters


def test_an_older_copy_takes_over_the_story(encoder):
    index = DedupIndex(encoder=encoder)
    index.add(DocKey("b", body(KHARKIV), KHARKIV_TITLE, "2024-11-06"))
    index.add(DocKey("c", body([*KHARKIV, "Share this article"]), KHARKIV_TITLE, "2024-11-07"))
    match = index.add(DocKey("a", body(["Source: wire", *KHARKIV]), KHARKIV_TITLE, "2024-11-05"))
    assert match.duplicate_of is None and match.story == "a"
    assert {c.id: c.duplicate_of for c in match.changed} == {"b": "a", "c": "a"}


def test_duplicate_ids_are_refused(encoder):
    index = DedupIndex(encoder=encoder)
    index.add(DocKey("a", body(KHARKIV)))
    with pytest.raises(ValueError):
        index.add(DocKey("a", body(ODESA)))


def test_state_round_trip(encoder):
    docs = corpus()
    index = DedupIndex(encoder=encoder)
    index.add_many(docs[:6])
    restored = DedupIndex.from_state(index.to_state(), encoder=encoder)
    assert restored.assignments() == index.assignments()
    index.add_many(docs[6:])
    restored.add_many(docs[6:])
    assert restored.assignments() == index.assignments()


def test_signatures_equal_datasketch_minhash():
    config = DedupConfig()
    features = Featurizer(config)
    texts = [body(KHARKIV), body(ODESA), "too short", ""]
    shingles = [features.shingles(features.token_hashes(features.words(t))) for t in texts]
    sigs, sizes = features.signatures(shingles)
    for sig, size, values in zip(sigs, sizes, shingles, strict=True):
        reference = MinHash(num_perm=config.num_perm, seed=config.seed, hashfunc=int, scheme="affine32")
        reference.update_batch(values.tolist())
        assert np.array_equal(sig, reference.hashvalues)
        assert size == len(set(values.tolist()))


def test_banding_finds_the_same_candidates_as_datasketch_lsh():
    rng = np.random.default_rng(0)
    config = DedupConfig()
    features = Featurizer(config)
    base = [rng.integers(0, 2**32, 60, dtype=np.uint64).astype(np.uint32) for _ in range(30)]
    sets = []
    for values in base:  # each set with a few variants of decreasing overlap
        sets.append(values)
        for keep in (50, 35, 20):
            sets.append(np.concatenate([values[:keep], rng.integers(0, 2**32, 60 - keep).astype(np.uint32)]))
    sigs, _ = features.signatures(sets)
    lsh = MinHashLSH(num_perm=config.num_perm, params=(config.lsh_bands, config.lsh_rows))
    expected = set()
    for i, sig in enumerate(sigs):
        lean = MinHash(num_perm=config.num_perm, hashvalues=sig, scheme="affine32")
        expected |= {(j, i) for j in lsh.query(lean)}
        lsh.insert(i, lean)
    bands = _Bands(config.lsh_bands, config.lsh_rows)
    found = set()
    for start, stop in ((0, 7), (7, 8), (8, 70), (70, len(sigs))):
        positions = np.arange(start, stop)
        found |= {tuple(p) for p in bands.add(positions, bands.band_keys(sigs[start:stop])).tolist()}
    assert found == expected
    assert len(expected) > 60


def test_lead_is_title_and_first_two_sentences():
    text = "First one. Second one! Third one? Fourth."
    assert lead_text("Title", text) == "Title. First one. Second one!"
    assert lead_text(None, text, sentences=1) == "First one."


def test_minhash_is_a_datasketch_lean_minhash(encoder):
    index = DedupIndex(encoder=encoder)
    index.add_many(
        [DocKey("a", body(KHARKIV)), DocKey("b", body([*KHARKIV, "Share this"])), DocKey("c", body(ODESA))]
    )
    a, b, c = (index.minhash(x) for x in "abc")
    assert a.jaccard(b) > 0.8 > 0.2 > a.jaccard(c)
