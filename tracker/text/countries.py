"""Countries the catalogue does not track as parties, by name and demonym.

The cues (cues.py) ask for "a party the sentence names" where a country acts: "Pakistani troops",
"Indonesia would send personnel". Reporting on who joins the force names countries the
catalogue has no party for ("Bosnian troops", "Kazakhstan committed personnel"); for the cues
such a name counts as a party would, and links nothing by itself (no party is suggested for
it). Left out on purpose: the places of other wars, whose troops and forces are not
contributors ("Israeli strikes in Lebanon", "experience in Iraq and Afghanistan"), and names
that are also common words or US states ("Chad", "Georgia", "Jersey").

Lower case, accents off (as cues.fold leaves a text); a name of several words is a phrase.
"""

from __future__ import annotations

OTHER_COUNTRIES: tuple[str, ...] = (
    # Europe
    *("albania", "albanian", "armenia", "armenian", "austria", "austrian"),
    *("belgium", "belgian", "bosnia", "bosnian", "bulgaria", "bulgarian", "croatia"),
    *("croatian", "cyprus", "cypriot", "czech", "estonia", "estonian", "finland", "finnish"),
    *("germany", "german", "hungary", "hungarian", "iceland", "ireland", "irish", "italy"),
    *("italian", "kosovo", "kosovar", "latvia", "latvian", "lithuania", "lithuanian"),
    *("montenegro", "netherlands", "dutch", "norway", "norwegian", "poland", "polish"),
    *("portugal", "portuguese", "romania", "romanian", "serbia", "serbian", "slovakia"),
    *("slovak", "spain", "spanish", "sweden", "swedish", "switzerland", "swiss"),
    # Asia and the Pacific
    *("australia", "australian", "bangladesh", "bangladeshi", "brunei", "cambodia"),
    *("cambodian", "india", "indian", "japan", "japanese", "kazakhstan", "kazakh"),
    *("kyrgyzstan", "kyrgyz", "malaysia", "malaysian", "maldives", "mongolia", "mongolian"),
    *("nepal", "nepali", "nepalese", "new zealand", "philippines", "filipino", "singapore"),
    *("sri lanka", "sri lankan", "tajikistan", "tajik", "thailand", "thai", "uzbekistan"),
    *("uzbek", "vietnam", "vietnamese"),
    # Africa
    *("burkina faso", "cameroon", "cameroonian", "djibouti", "ethiopia", "ethiopian"),
    *("gambia", "ghana", "ghanaian", "kenya", "kenyan", "mauritania", "mauritanian"),
    *("morocco", "moroccan", "nigeria", "nigerian", "rwanda", "rwandan", "senegal"),
    *("senegalese", "south africa", "south african", "tanzania", "tanzanian", "tunisia"),
    *("tunisian", "uganda", "ugandan", "zambia", "zambian"),
    # The Americas
    *("argentina", "argentine", "argentinian", "brazil", "brazilian", "canada", "canadian"),
    *("chile", "chilean", "colombia", "colombian", "mexico", "mexican", "paraguay"),
    *("paraguayan", "peru", "peruvian", "uruguay", "uruguayan"),
    # The Gulf and the region, not tracked as parties
    *("bahrain", "bahraini", "kuwait", "kuwaiti", "oman", "omani"),
)
