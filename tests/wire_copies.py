"""Wire copies with known story clusters, for the deduplication test and benchmark.

Every base article and sentence here is written by us. `copies()` turns base articles into
syndicated versions the way outlets do: a new headline, a dateline added or dropped,
paragraphs reordered or trimmed, the outlet's boilerplate, a few reworded phrases. Pairs of
base articles share a topic (same actors, places and vocabulary) but are different stories,
so they must not cluster. `generated_bases()` composes many more base articles from
sentence templates for the larger benchmark.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

BASES: dict[str, list[str]] = {
    "shelling-east": [
        "Artillery fire struck the outskirts of a frontline town in the east overnight, "
        "damaging a water pumping station and cutting supplies to several districts.",
        "The regional administration said three civilians were wounded and that repair crews "
        "could not reach the station until the shelling stopped in the early morning.",
        "Military officials accused the opposing side of targeting infrastructure that serves "
        "civilians, while the other side said it had hit a depot used by the army.",
        "Residents queued at water trucks sent by a volunteer group, and the local hospital "
        "switched to its backup generators for the second time this month.",
        "An international monitoring mission said it was aware of the reports and would try to "
        "send a patrol to the area once the security situation allowed it.",
        "The town had been largely quiet since the spring, when a local truce brokered by "
        "church leaders briefly allowed evacuations of the elderly.",
    ],
    "shelling-south": [
        "Drones attacked a grain terminal at a southern river port before dawn, setting fire to "
        "a warehouse and forcing the port authority to suspend loading for the day.",
        "Firefighters needed six hours to put out the blaze, the emergency service said, and no "
        "casualties were reported among the night shift of dockworkers.",
        "The agriculture ministry said the warehouse held about four thousand tonnes of wheat "
        "destined for buyers in North Africa and the Middle East.",
        "Shipping agents said insurers were likely to raise premiums again for vessels calling "
        "at the river ports, which have been hit repeatedly since the summer.",
        "The army said air defence units shot down most of the drones over the estuary, but "
        "that debris from two of them fell on the terminal.",
    ],
    "talks-ceasefire": [
        "Negotiators from the two warring parties met in a lakeside hotel for a third round of "
        "talks on a ceasefire, the mediators said in a brief statement on Saturday.",
        "The delegations discussed the opening of humanitarian corridors, the exchange of "
        "detainees and a timetable for withdrawing heavy weapons from the capital.",
        "A diplomat familiar with the talks said progress had been slow because each side "
        "insisted that the other make the first move on the withdrawal.",
        "Aid agencies have warned that millions of people face hunger if fighting continues "
        "into the planting season, and that fuel shortages have closed many clinics.",
        "The mediators, backed by regional governments, hope to announce a framework agreement "
        "before the end of the month, the statement added.",
    ],
    "talks-border": [
        "Foreign ministers of two neighbouring states agreed on Tuesday to reopen a border "
        "crossing that has been closed for nearly two years after a series of clashes.",
        "Speaking at a joint news conference, the ministers said traders and students would be "
        "allowed to cross first, with tourists to follow once customs posts are rebuilt.",
        "They also agreed to set up a joint commission to settle disputed sections of the "
        "frontier, a source of tension since the end of the colonial era.",
        "Business groups on both sides welcomed the decision, saying the closure had cost local "
        "farmers their most important market for fruit and vegetables.",
        "Opposition politicians in one of the two capitals criticised the deal, arguing that the "
        "government had made concessions without consulting parliament.",
        "The crossing is expected to reopen within six weeks, officials said.",
    ],
    "sanctions-oil": [
        "The European Union adopted a new package of sanctions on Monday targeting tankers that "
        "carry oil above the price cap agreed by Western governments last year.",
        "The measures ban port services for more than forty vessels and add several shipping "
        "companies registered in the Gulf and in Asia to the bloc's blacklist.",
        "Officials said the shadow fleet of ageing tankers posed an environmental risk as well "
        "as undermining the cap, because many of the ships lack proper insurance.",
        "The targeted companies did not respond to requests for comment, and the government "
        "whose exports are affected called the measures illegal and said it would retaliate.",
        "Analysts said the impact on oil revenues was likely to be limited unless the bloc "
        "enforced the rules more strictly at sea.",
    ],
    "sanctions-banks": [
        "The United States imposed sanctions on Thursday on two regional banks accused of "
        "helping a sanctioned government buy components for its missile programme.",
        "The Treasury said the banks had processed payments worth hundreds of millions of "
        "dollars through front companies in three countries over the past eighteen months.",
        "One of the banks said in a statement that it had always complied with international "
        "rules and would challenge the designation through legal channels.",
        "The move freezes any assets the banks hold under American jurisdiction and bars "
        "American firms from dealing with them, officials said.",
        "It follows warnings from Washington that financial institutions in third countries "
        "could face penalties for facilitating trade in military goods.",
    ],
}

_HEADLINES = (
    "UPDATE 1-{topic} latest",
    "{topic}: what we know",
    "{topic} - officials",
    "LIVE: {topic}",
    "{topic}, sources say",
)
_TOPICS = {
    "shelling": "Shelling hits frontline areas",
    "talks": "Talks make slow progress",
    "sanctions": "New sanctions announced",
    "gen": "Regional tensions rise",
}
_DATELINES = ("KYIV", "GENEVA", "BRUSSELS", "NAIROBI", "WASHINGTON", "ISTANBUL", "DOHA")
_MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct")
_OUTLETS = (
    ("Alpha Wire", "Reporting by Alpha Wire staff; editing by the news desk."),
    ("Beta Post", "Follow Beta Post on social media for the latest updates on this story."),
    ("Gamma Daily", "Copyright Gamma Daily. All rights reserved. Not for redistribution."),
    ("Delta News", "Sign up for the Delta News morning briefing, delivered to your inbox."),
    ("Epsilon Times", "This article was amended to correct a spelling in the third paragraph."),
)
_REWORDS = (
    (" said ", " told reporters "),
    (" on Monday", " earlier this week"),
    ("officials said", "according to officials"),
    (" about ", " around "),
    (" several ", " a number of "),
)


@dataclass(frozen=True, slots=True)
class Copy:
    id: str
    story: str  # the base article it was copied from: the known cluster
    outlet: str
    text: str


def _copy(story: str, paragraphs: list[str], rng: random.Random, n: int) -> Copy:
    paras = list(paragraphs)
    outlet, boilerplate = _OUTLETS[rng.randrange(len(_OUTLETS))]
    # trim: wire clients often keep only the first paragraphs (at least half of them)
    if rng.random() < 0.6:
        keep = rng.randint((len(paras) + 1) // 2, len(paras))
        paras = paras[:keep]
    # reorder: move a later paragraph up, or swap two
    if len(paras) > 2 and rng.random() < 0.5:
        i, j = sorted(rng.sample(range(1, len(paras)), 2))
        paras[i], paras[j] = paras[j], paras[i]
    if rng.random() < 0.7:
        old, new = _REWORDS[rng.randrange(len(_REWORDS))]
        paras = [p.replace(old, new) for p in paras]
    if rng.random() < 0.7:
        city = _DATELINES[rng.randrange(len(_DATELINES))]
        month = _MONTHS[rng.randrange(len(_MONTHS))]
        paras[0] = f"{city}, {month} {rng.randint(1, 28)} ({outlet}) - {paras[0]}"
    topic = _TOPICS.get(story.split("-")[0], _TOPICS["gen"])
    headline = _HEADLINES[rng.randrange(len(_HEADLINES))].format(topic=topic)
    text = "\n\n".join([headline, *paras, boilerplate])
    return Copy(id=f"{story}#{n}", story=story, outlet=outlet, text=text)


def copies(
    bases: dict[str, list[str]] = BASES, *, seed: int = 7, max_copies: int = 5
) -> list[Copy]:
    """Each base article once as published, plus 0..max_copies edited copies of it."""
    rng = random.Random(seed)
    out: list[Copy] = []
    for story, paragraphs in bases.items():
        outlet, boilerplate = _OUTLETS[rng.randrange(len(_OUTLETS))]
        original = "\n\n".join([*paragraphs, boilerplate])
        out.append(Copy(id=f"{story}#0", story=story, outlet=outlet, text=original))
        for n in range(1, rng.randint(0, max_copies) + 1):
            out.append(_copy(story, paragraphs, rng, n))
    rng.shuffle(out)
    return out


# -- many bases from templates (benchmark) ------------------------------------------------

_ACTORS = (
    "the army",
    "rebel fighters",
    "the interior ministry",
    "border guards",
    "the coalition",
    "local militias",
    "the police",
    "government troops",
    "an armed group",
    "the navy",
)
_PLACES = (
    "the northern province",
    "the capital",
    "a river port",
    "the border district",
    "a mountain town",
    "the coastal city",
    "a refugee camp",
    "the industrial zone",
)
_TEMPLATES = (
    "{a} said {b} had attacked positions near {p} with artillery and drones.",
    "At least {n} people were killed and {m} wounded in {p}, according to {a}.",
    "{a} denied the accusation and said its units had only returned fire.",
    "Aid groups said {n} families had fled {p} since the start of the week.",
    "A spokesman for {a} told reporters that talks with {b} would resume soon.",
    "Diplomats urged {a} and {b} to respect the truce agreed last month.",
    "Power and water supplies to {p} were cut after the strikes, officials said.",
    "{b} accused {a} of blocking humanitarian convoys heading for {p}.",
    "The United Nations called for an independent investigation into the events in {p}.",
    "Witnesses described hearing explosions across {p} for more than {m} hours.",
    "{a} announced the arrest of {n} suspects it said were linked to {b}.",
    "Schools in {p} will stay closed for at least {m} days, the local council said.",
    "Analysts said the fighting could derail the planned elections in {p}.",
    "{b} said it had captured {n} soldiers and several vehicles belonging to {a}.",
    "Hospitals in {p} were running short of medicine and fuel for generators.",
    "Neighbouring governments reinforced their frontiers in response to the clashes.",
    "The foreign ministry summoned an envoy over comments made by {a} about {p}.",
    "Satellite images showed damage to bridges and roads around {p}.",
    "{a} pledged {n} million dollars in emergency aid for people displaced from {p}.",
    "Observers said {b} had moved heavy weapons closer to {p} in recent days.",
    "A curfew was imposed in {p} after protesters clashed with {a}.",
    "Journalists were barred from entering {p}, media freedom groups said.",
    "{a} and {b} exchanged lists of prisoners ahead of a planned swap.",
    "Mediators from the region flew to {p} to meet representatives of {b}.",
)


def generated_bases(n: int, *, seed: int = 11, paragraphs: int = 6) -> dict[str, list[str]]:
    """`n` base articles on one broad topic, each paragraph two filled-in templates.

    Articles share templates and vocabulary (the hard negatives of the benchmark) but not
    whole paragraphs.
    """
    rng = random.Random(seed)
    bases: dict[str, list[str]] = {}
    for i in range(n):
        paras = []
        for _ in range(paragraphs):
            sentences = []
            for template in rng.sample(_TEMPLATES, 2):
                a, b = rng.sample(_ACTORS, 2)
                text = template.format(
                    a=a, b=b, p=rng.choice(_PLACES), n=rng.randint(2, 90), m=rng.randint(2, 40)
                )
                sentences.append(text[0].upper() + text[1:])
            paras.append(" ".join(sentences))
        bases[f"gen-{i:04d}"] = paras
    return bases
