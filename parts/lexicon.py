"""Words of the Turkish spare-parts trade, folded: what the stemmer knows to be whole words.

A typed word found here is never cut ("kapı" is the door, not "kap" + a suffix; "balata" is not
"bala" + "-ta"), and a remainder found here is a stem worth cutting to ("kapıları" → "kapı").
Words the list lacks are judged by the listings' own vocabulary (`SearchWord`); the list is what
stays true however the catalogue changes. Base forms only: an inflected form here ("diski")
would stop its own suffix being cut. Vehicle models that end like a suffix are here too
("egea" is not "ege" + "-a", "note" is not "not" + "-e").
"""

from __future__ import annotations

from marketplace.text import fold

# fmt: off
_WORDS = """
    kapı kaput kaporta kapak tampon çamurluk panjur ızgara ayna cam silecek far stop sinyal sis
    bagaj tavan marşpiyel direk podye şase kasa kabin koltuk torpido konsol gösterge kilit
    menteşe kol tutamak spoyler difüzör amblem arma logo çıta bandaj jant lastik bijon stepne
    döşeme kaplama davlumbaz kulak perde fitil plaka körük yastık airbag emniyet kemer pedal
    motor blok silindir piston segman krank eksantrik supap conta karter turbo intercooler
    radyatör fan termostat pompa enjektör buji bobin distribütör karbüratör gaz kelebek emme
    egzoz manifold katalizör susturucu filtre hava yağ yakıt mazot benzin depo sensör sonda
    beyin triger kayış gergi rulman kasnak volan debriyaj baskı balata disk kampana kaliper
    merkez hortum boru tank takoz alternatör marş akü dinamo röle sigorta kablo tesisat soket
    anahtar korna klima kompresör kondanser evaporatör kalorifer petek rezistans şamandıra
    müşür ampul lamba mercek xenon led tel
    şanzıman vites aks diferansiyel şaft kardan mafsal tork konvertör amortisör yay salıncak
    rotil rot direksiyon kutu kremayer burç viraj denge çubuk porya teker tekerlek pabuç
    hidrolik fren rotor çatal toz keçe tapa tıpa halat kriko
    sol sağ ön arka üst alt orta iç dış takım set komple orijinal çıkma sıfır yeni parça
    egea linea fiesta corsa astra vectra insignia megane fluence laguna corolla octavia fabia
    ibiza jetta albea şahin doğan serçe kuga navara micra note panda marea tempra siena elantra
    sportage qashqai kartal
"""
# fmt: on

PART_WORDS: frozenset[str] = frozenset(fold(_WORDS).split())
