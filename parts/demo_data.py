"""The demo's vocabulary: the hand-written demo listings, and the part names, vehicle models, part
numbers, wording and cities the synthetic listings for the search benchmarks are drawn from.
The loaders that turn them into listings are in parts/demo.py."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from marketplace.cities import PROVINCES
from parts.models import PartCondition

# --- Hand-written demo listings -----------------------------------------------------------------
USABLE, FAULTY = PartCondition.USABLE.value, PartCondition.FAULTY.value


class DemoListing(NamedTuple):
    title: str
    part_reference: str
    condition: str
    price: str
    location_city: str
    brand: str
    model: str
    year: int
    description: str


# fmt: off
DEMO_LISTINGS: tuple[DemoListing, ...] = (
    DemoListing("BMW E46 Alternatör - Orijinal Bosch", "12-31-7-501-599", USABLE, "2850",
                "İstanbul", "BMW", "3 Serisi E46", 2003,
                "Orijinal Bosch alternatör, 120 amper. Araçtan sökülme, test edildi, şarj sorunu "
                "yok. 1 ay değişim garantisi."),
    DemoListing("Renault Clio 4 Şanzıman", "320102998R", FAULTY, "7500", "İzmir", "Renault",
                "Clio 4", 2016,
                "1.5 dCi JR5 şanzıman. Üçüncü vites zor giriyor, tamir edilebilir. Parça olarak da "
                "değerlendirilebilir."),
    DemoListing("Fiat Egea Ön Tampon", "735636781", USABLE, "3200", "Bursa", "Fiat", "Egea", 2019,
                "Sıfır ayarında ön tampon, boyasız. Sis farı yuvaları sağlam, tırnaklarında kırık "
                "yok."),
    DemoListing("Tofaş Şahin Karbüratör", "32 ICEV 61/250", USABLE, "1450", "Konya", "Tofaş",
                "Şahin", 1990,
                "Weber 32 ICEV karbüratör, temizlendi ve ayarı yapıldı. Doğan, Kartal ve Şahin ile "
                "uyumludur."),
    DemoListing("TOGG T10X Sağ Far", "TG1-4120-R-100", USABLE, "42500", "Bursa", "TOGG", "T10X",
                2025, "Full LED sağ ön far, hasarsız. Beyni ve soketiyle birlikte gönderilir."),
    DemoListing("Mercedes W203 Ön Fren Diski", "A 203 421 25 12", USABLE, "1850", "Ankara",
                "Mercedes-Benz", "C 180 W203", 2005,
                "Takım halinde iki adet ön fren diski. İstenirse balata ile birlikte verilir."),
    DemoListing("Volkswagen Passat B8 Sol Arka Stop", "3G5 945 207", USABLE, "4750", "Kocaeli",
                "Volkswagen", "Passat B8", 2017,
                "LED sol arka stop lambası, çiziksiz. Soket ve tırnaklar sağlam."),
    DemoListing("Opel Astra J Marş Motoru", "55 352 882", USABLE, "2100", "Eskişehir", "Opel",
                "Astra J", 2012, "1.6 benzinli motordan çıkma marş motoru, sorunsuz çalışıyor."),
    DemoListing("Ford Focus 3 Turbo", "9673283680", FAULTY, "3900", "Adana", "Ford", "Focus 3",
                2014, "1.6 TDCi turbo. Yağ kaçırıyor, revizyon gerektirir. Kargo alıcıya aittir."),
    DemoListing("Toyota Corolla Radyatör", "16400-0T040", USABLE, "2300", "Antalya", "Toyota",
                "Corolla", 2015, "Su radyatörü, akıntı yok. Fan ile birlikte de satılır."),
    DemoListing("Hyundai i20 Sol Ön Kapı", "76003-C8000", USABLE, "5600", "Kayseri", "Hyundai",
                "i20", 2018,
                "Beyaz renk sol ön kapı, cam ve kilit dahil. Göçük ve paslanma yok."),
    DemoListing("Dacia Duster Debriyaj Seti", "302051239R", USABLE, "2650", "Samsun", "Dacia",
                "Duster", 2020,
                "Sıfır, kutusunda Valeo debriyaj seti: baskı, disk ve rulman. Faturalı satılır."),
    DemoListing("Peugeot 301 Klima Kompresörü", "9812549580", USABLE, "4200", "Gaziantep",
                "Peugeot", "301", 2017, "Çıkma klima kompresörü, gaz basıyor, sessiz çalışıyor."),
    DemoListing("Citroën C-Elysée Direksiyon Kutusu", "1609526680", FAULTY, "1900", "Diyarbakır",
                "Citroën", "C-Elysée", 2015,
                "Hidrolik direksiyon kutusu, yağ sızdırıyor. Tamir için uygundur."),
    DemoListing("Honda Civic FD6 Motor Beyni", "37820-RNA-E52", USABLE, "6500", "Mersin", "Honda",
                "Civic FD6", 2008,
                "1.6 i-VTEC motor beyni (ECU). Immobilizer eşleştirmesi gerekir."),
    DemoListing("Audi A4 B8 Xenon Far Balastı", "8K0 941 597 C", USABLE, "1750", "İstanbul",
                "Audi", "A4 B8", 2010, "Orijinal Hella xenon balastı, test edilmiştir."),
    DemoListing("Skoda Octavia 3 Arka Amortisör", "5Q0 513 049 FE", USABLE, "980", "Sakarya",
                "Skoda", "Octavia 3", 2016, "Sachs arka amortisör, 40 bin kilometrede söküldü."),
    DemoListing("Seat Leon Yakıt Pompası", "5Q0 919 051 BH", USABLE, "1350", "Tekirdağ", "Seat",
                "Leon", 2015, "Depo içi yakıt pompası, şamandırası ile birlikte."),
    DemoListing("Nissan Qashqai Sağ Yan Ayna", "96301-4EA1A", USABLE, "2400", "Trabzon", "Nissan",
                "Qashqai", 2019,
                "Elektrikli katlanır sağ dikiz aynası, kameralı. Camı çatlak değil."),
    DemoListing("Kia Sportage Egzoz Manifoldu", "28510-2F000", USABLE, "3100", "Malatya", "Kia",
                "Sportage", 2013, "2.0 CRDi egzoz manifoldu, çatlak yok."),
    DemoListing("Tofaş Doğan SLX Ön Kapı Kolu", "7640286", USABLE, "150", "Kırıkkale", "Tofaş",
                "Doğan SLX", 1996, "Sağ ön dış kapı kolu, orijinal. Klasik araç meraklılarına."),
    DemoListing("Renault Megane 3 Motor Kulağı", "112380007R", USABLE, "450", "Manisa", "Renault",
                "Megane 3", 2011, "Sağ motor takozu, lastiği yırtık değil."),
    DemoListing("Fiat Doblo Yağ Pompası", "55193164", USABLE, "1250", "Iğdır", "Fiat", "Doblo",
                2012, "1.3 Multijet yağ pompası, çıkma, sorunsuz."),
    DemoListing("BMW F30 Sol Arka Kapı", "41 00 7 298 545", FAULTY, "6200", "Denizli", "BMW",
                "3 Serisi F30", 2014, "Hafif göçük var, boya gerektirir. Döşemesiz gönderilir."),
    DemoListing("Mercedes-Benz Sprinter Enjektör", "A 646 070 08 87", USABLE, "3750", "Çorum",
                "Mercedes-Benz", "Sprinter 313 CDI", 2007,
                "Bosch enjektör, test cihazında ölçüldü. Dört adet mevcut."),
    DemoListing("Volvo XC90 Hava Süspansiyon Kompresörü", "31360720", FAULTY, "5200", "Muğla",
                "Volvo", "XC90", 2009, "Kompresör çalışıyor ama basınç tutmuyor."),
    DemoListing("Ford Transit Custom Ön Panjur", "BK21-8200-B", USABLE, "1650", "Hatay", "Ford",
                "Transit Custom", 2016, "Krom çıtalı ön panjur, kırığı yok."),
    DemoListing("Hyundai Accent Blue Kalorifer Radyatörü", "97138-1R000", USABLE, "720", "Van",
                "Hyundai", "Accent Blue", 2014, "Kalorifer peteği, akıntı testi yapıldı."),
    DemoListing("Toyota Hilux Arka Diferansiyel", "41110-0K050", USABLE, "14500", "Erzurum",
                "Toyota", "Hilux", 2018, "Komple arka diferansiyel, ses yapmıyor."),
    DemoListing("Isuzu D-Max Turbo Hortumu", "8-98014-544-0", USABLE, "900", "Sivas", "Isuzu",
                "D-Max", 2015, "Intercooler turbo hortumu, sıfır orijinal."),
    DemoListing("Lada Niva Karbüratör", "21213-1107010", FAULTY, "600", "Ardahan", "Lada", "Niva",
                1998, "Solex karbüratör, ayar gerekir. Parça olarak satılıktır."),
    DemoListing("Volkswagen Golf 7 DSG Mekatronik", "0AM 927 769 D", FAULTY, "11500", "İstanbul",
                "Volkswagen", "Golf 7", 2014,
                "DQ200 yedi ileri DSG mekatronik ünitesi. Arıza kodu veriyor, tamirlik."),
    DemoListing("Opel Corsa D Sağ Far", "13186381", USABLE, "1100", "Balıkesir", "Opel",
                "Corsa D", 2010, "Sağ ön far, camı temiz, sararma yok."),
    DemoListing("Renault Fluence Sol Ön Çamurluk", "631012137R", USABLE, "1400", "Aydın",
                "Renault", "Fluence", 2013, "Gri renk sol ön çamurluk, sinyal deliği sağlam."),
    DemoListing("Chevrolet Cruze Krank Mili", "55565347", USABLE, "3600", "Elazığ", "Chevrolet",
                "Cruze", 2011, "1.6 benzinli krank mili, taşlama gerekmez."),
    DemoListing("Dacia Sandero Stepway Arka Tampon", "850227305R", USABLE, "1900",
                "Afyonkarahisar", "Dacia", "Sandero Stepway", 2021,
                "Park sensörü delikli arka tampon, çizik yok."),
    DemoListing("Peugeot 208 Direksiyon Simidi", "98021431ZD", USABLE, "2800", "Zonguldak",
                "Peugeot", "208", 2020, "Deri direksiyon simidi, multifonksiyon tuşlarıyla."),
    DemoListing("Tesla Model 3 Şarj Soketi", "1471717-00-C", USABLE, "18500", "İstanbul", "Tesla",
                "Model 3", 2022, "CCS2 şarj soketi, kablo demetiyle birlikte."),
    DemoListing("MAN TGX Ön Tampon Köşesi", "81.41610.0255", USABLE, "3400", "Aksaray", "MAN",
                "TGX 18.440", 2012, "Sağ tampon köşe parçası, kırıksız."),
    DemoListing("Scania R450 Şanzıman Soğutucusu", "2133580", FAULTY, "8900", "Kahramanmaraş",
                "Scania", "R450", 2016, "Retarder yağ soğutucusu, sızıntı var."),
    DemoListing("BMC Pro 827 Debriyaj Merkezi", "BMC 6100 827", USABLE, "1200", "Osmaniye", "BMC",
                "Pro 827", 2010, "Debriyaj üst merkezi, sıfır yan sanayi."),
    DemoListing("Fiat Linea Motor Komple 1.3 Multijet", "55212839", USABLE, "24500", "Konya",
                "Fiat", "Linea", 2012,
                "Motor komple, 180 bin kilometrede. Çalışırken videosu mevcut, garantili."),
    DemoListing("Honda CR-V Arka Silecek Motoru", "76700-T1G-E01", USABLE, "650", "Rize", "Honda",
                "CR-V", 2016, "Bagaj kapağı silecek motoru, sorunsuz."),
    DemoListing("Citroën Berlingo Sürgülü Kapı Rayı", "9811563080", USABLE, "780", "Şanlıurfa",
                "Citroën", "Berlingo", 2011, "Sağ sürgülü kapı orta rayı, makaralı."),
    DemoListing("Mazda 3 Arka Fren Kaliperi", "BPYK-26-61X", USABLE, "1150", "Edirne", "Mazda", "3",
                2010, "Sol arka fren kaliperi, pistonu sıkışmamış."),
    DemoListing("Suzuki Vitara ABS Beyni", "56110-54P00", USABLE, "3300", "Çanakkale", "Suzuki",
                "Vitara", 2017, "ABS pompası ve beyni, arıza lambası yakmıyor."),
    DemoListing("Jeep Renegade Ön Cam", "68247194AA", USABLE, "4600", "Nevşehir", "Jeep",
                "Renegade", 2019, "Sensörlü ön cam, taş izi yok. Montaj hizmeti verilir."),
    DemoListing("Mitsubishi L200 Şaft", "3401A141", USABLE, "2750", "Kars", "Mitsubishi", "L200",
                2013, "Arka şaft, istavrozları yeni değişti."),
    DemoListing("Land Rover Evoque Sol Arka Stop", "LR026148", FAULTY, "3900", "Tokat",
                "Land Rover", "Range Rover Evoque", 2015,
                "Köşesinde çatlak var, yapıştırılmış. Su almıyor."),
    DemoListing("Subaru Forester Boxer Motor Conta Takımı", "10105AB201", USABLE, "850", "Bolu",
                "Subaru", "Forester", 2008, "Sıfır, kutusunda Elring conta takımı."),
    DemoListing("Cupra Formentor 18 İnç Jant Takımı", "5FF 601 025", USABLE, "22000", "Ankara",
                "Cupra", "Formentor", 2022, "Dört adet orijinal jant, eğrisi yok, lastiksiz."),
    DemoListing("Karsan J10 Arka Kapı Menteşesi", "KRS-J10-4410", USABLE, "550", "Gümüşhane",
                "Karsan", "J10", 2014, "Arka çift kapı üst menteşesi, paslı değil."),
)
# fmt: on


# --- Vocabulary of the synthetic listings for benchmarks ----------------------------------------
class PartName(NamedTuple):
    name: str
    weight: float  # relative frequency among listings
    group: int  # catalogue group, the middle of generated part numbers
    price: tuple[int, int]  # TRY, lowest and highest


# Weights per thousand listings: every "far" part together is about a fifth of all listings,
# every "kapı" part about a seventh, "karbüratör" about one in five thousand.
# fmt: off
PART_NAMES: tuple[PartName, ...] = (
    PartName("Sağ Far", 40, 941, (900, 18000)), PartName("Sol Far", 40, 942, (900, 18000)),
    PartName("Sağ Sis Farı", 15, 943, (250, 2500)), PartName("Sol Sis Farı", 15, 944, (250, 2500)),
    PartName("Xenon Far Balastı", 15, 945, (600, 4500)),
    PartName("LED Far Takımı", 15, 946, (4000, 40000)),
    PartName("Far Ampulü", 20, 947, (150, 900)), PartName("Far Anahtarı", 10, 531, (150, 1200)),
    PartName("Far Çerçevesi", 10, 853, (150, 900)), PartName("Far Beyni", 10, 948, (800, 6000)),
    PartName("Far Ayar Motoru", 10, 949, (250, 1500)),
    PartName("Sağ Ön Kapı", 25, 831, (2500, 15000)),
    PartName("Sol Ön Kapı", 25, 832, (2500, 15000)),
    PartName("Sağ Arka Kapı", 15, 833, (2000, 12000)),
    PartName("Sol Arka Kapı", 15, 834, (2000, 12000)),
    PartName("Kapı Kolu", 25, 837, (150, 1500)), PartName("Kapı Kilidi", 15, 838, (300, 2500)),
    PartName("Kapı Döşemesi", 10, 867, (400, 3500)), PartName("Kapı Camı", 10, 845, (400, 3000)),
    PartName("Kapı Fitili", 10, 839, (150, 900)),
    PartName("Ön Fren Diski", 25, 421, (600, 5000)),
    PartName("Arka Fren Diski", 15, 423, (500, 4000)),
    PartName("Fren Balatası", 25, 420, (250, 2500)),
    PartName("Fren Kaliperi", 10, 422, (600, 6000)),
    PartName("Fren Merkezi", 10, 430, (700, 5000)), PartName("El Fren Teli", 8, 424, (150, 800)),
    PartName("Fren Hortumu", 7, 428, (150, 600)),
    PartName("Alternatör", 15, 154, (1200, 9000)), PartName("Marş Motoru", 15, 151, (1000, 8000)),
    PartName("Turbo", 10, 96, (3500, 30000)), PartName("Enjektör", 12, 70, (800, 7000)),
    PartName("Motor Beyni", 10, 446, (2000, 20000)),
    PartName("Yakıt Pompası", 10, 470, (700, 6000)),
    PartName("Su Pompası", 10, 200, (400, 3000)), PartName("Yağ Pompası", 6, 180, (600, 4000)),
    PartName("Triger Seti", 12, 52, (1200, 8000)), PartName("Buji Takımı", 10, 159, (300, 2000)),
    PartName("Ateşleme Bobini", 10, 158, (400, 3000)),
    PartName("Radyatör", 15, 500, (900, 7000)), PartName("Fan Motoru", 8, 501, (700, 5000)),
    PartName("Termostat", 8, 203, (200, 1500)),
    PartName("Egzoz Manifoldu", 5, 142, (1000, 8000)),
    PartName("Katalitik Konvertör", 5, 490, (2500, 25000)),
    PartName("Silindir Kapağı", 5, 16, (4000, 30000)), PartName("Krank Mili", 3, 30, (3000, 20000)),
    PartName("Eksantrik Mili", 3, 31, (1500, 12000)),
    PartName("Piston Takımı", 3, 32, (2000, 15000)),
    PartName("Motor Komple", 10, 10, (15000, 45000)), PartName("Karbüratör", 0.2, 99, (400, 4000)),
    PartName("Volan", 4, 105, (1500, 12000)),
    PartName("Hava Debimetresi", 6, 906, (500, 4000)), PartName("EGR Valfi", 5, 131, (700, 5000)),
    PartName("Şanzıman", 15, 300, (6000, 45000)),
    PartName("Debriyaj Seti", 15, 141, (1500, 9000)), PartName("Aks", 8, 407, (800, 6000)),
    PartName("Şaft", 5, 521, (1500, 12000)), PartName("Diferansiyel", 4, 525, (4000, 35000)),
    PartName("Vites Topuzu", 5, 711, (150, 900)), PartName("DSG Mekatronik", 3, 927, (5000, 30000)),
    PartName("Ön Tampon", 25, 807, (1200, 9000)), PartName("Arka Tampon", 20, 808, (1000, 8000)),
    PartName("Kaput", 15, 823, (1500, 12000)), PartName("Bagaj Kapağı", 10, 827, (1500, 10000)),
    PartName("Sağ Çamurluk", 10, 821, (600, 5000)), PartName("Sol Çamurluk", 10, 822, (600, 5000)),
    PartName("Ön Panjur", 10, 854, (400, 4000)), PartName("Sağ Yan Ayna", 12, 857, (600, 6000)),
    PartName("Sol Yan Ayna", 12, 858, (600, 6000)), PartName("Ön Cam", 8, 846, (1500, 9000)),
    PartName("Tavan Rayı", 4, 860, (500, 3000)), PartName("Marşpiyel", 6, 855, (400, 3000)),
    PartName("Jant Takımı", 8, 601, (4000, 40000)),
    PartName("Ön Amortisör", 15, 413, (600, 5000)),
    PartName("Arka Amortisör", 12, 513, (500, 4000)), PartName("Salıncak", 12, 408, (400, 3500)),
    PartName("Rotil", 8, 409, (150, 1200)), PartName("Rot Başı", 8, 425, (150, 1000)),
    PartName("Helezon Yay", 8, 411, (300, 2000)), PartName("Porya", 5, 498, (300, 2500)),
    PartName("Viraj Demiri", 5, 412, (300, 2000)),
    PartName("Direksiyon Kutusu", 7, 426, (2000, 15000)),
    PartName("Klima Kompresörü", 12, 820, (2500, 15000)),
    PartName("Kalorifer Radyatörü", 6, 819, (400, 2500)),
    PartName("Direksiyon Simidi", 6, 419, (600, 6000)),
    PartName("Gösterge Paneli", 8, 920, (800, 9000)),
    PartName("Multimedya Ekranı", 6, 919, (1500, 20000)),
    PartName("Koltuk Takımı", 6, 881, (3000, 25000)),
    PartName("Cam Kriko Motoru", 8, 959, (300, 2500)),
    PartName("Silecek Motoru", 6, 955, (300, 2500)), PartName("Airbag Modülü", 2, 960, (800, 8000)),
    PartName("Sağ Arka Stop", 12, 950, (400, 5000)),
    PartName("Sol Arka Stop", 12, 951, (400, 5000)),
    PartName("Sinyal Lambası", 8, 952, (150, 900)), PartName("Plaka Lambası", 4, 953, (150, 500)),
    PartName("Üçüncü Stop Lambası", 4, 954, (150, 900)),
)
# fmt: on


class VehicleModel(NamedTuple):
    brand: str
    name: str
    code: str  # platform code used in generated part numbers
    years: tuple[int, int]
    weight: float


# fmt: off
_MODEL_TABLE: dict[str, tuple[tuple[str, str, int, int, float], ...]] = {
    "Fiat": (("Egea", "356", 2015, 2025, 6), ("Linea", "323", 2007, 2016, 4),
             ("Doblo", "263", 2001, 2022, 5), ("Palio", "178", 1998, 2012, 3),
             ("Albea", "172", 2002, 2012, 3), ("Fiorino", "225", 2008, 2024, 3)),
    "Renault": (("Clio 4", "X98", 2012, 2019, 5), ("Clio 5", "BJA", 2019, 2025, 4),
                ("Megane 3", "X95", 2008, 2016, 4), ("Megane 4", "XFB", 2016, 2025, 4),
                ("Fluence", "L38", 2010, 2016, 4), ("Symbol", "L52", 2013, 2020, 3),
                ("Kangoo", "KW0", 2008, 2021, 2), ("Taliant", "LJL", 2021, 2025, 2)),
    "Volkswagen": (("Golf 7", "5G0", 2012, 2020, 4), ("Passat B8", "3G0", 2014, 2023, 4),
                   ("Polo", "6R0", 2009, 2024, 4), ("Jetta", "5C6", 2011, 2018, 2),
                   ("Caddy", "2K0", 2004, 2020, 3), ("Transporter T5", "7H0", 2003, 2015, 2)),
    "Ford": (("Focus 3", "BM5", 2011, 2018, 4), ("Fiesta", "C1B", 2008, 2022, 3),
             ("Courier", "ET7", 2014, 2023, 3), ("Transit Custom", "BK2", 2012, 2025, 3),
             ("Connect", "DT1", 2002, 2022, 3), ("Mondeo", "DS7", 2007, 2019, 1)),
    "Toyota": (("Corolla", "12", 2007, 2025, 6), ("Yaris", "52", 2006, 2025, 3),
               ("C-HR", "F4", 2016, 2025, 3), ("Hilux", "0K", 2005, 2025, 2),
               ("Auris", "02", 2007, 2018, 2)),
    "Hyundai": (("i20", "C8", 2008, 2025, 5), ("Accent Blue", "1R", 2011, 2018, 4),
                ("Tucson", "D7", 2015, 2025, 3), ("i30", "G4", 2007, 2025, 2),
                ("Elantra", "F2", 2011, 2025, 2)),
    "Opel": (("Astra J", "132", 2009, 2015, 4), ("Corsa D", "131", 2006, 2014, 3),
             ("Insignia", "229", 2008, 2017, 2), ("Astra K", "393", 2015, 2021, 2),
             ("Vectra", "093", 1995, 2008, 1)),
    "BMW": (("3 Serisi E46", "75", 1998, 2006, 3), ("3 Serisi E90", "79", 2005, 2012, 3),
            ("3 Serisi F30", "72", 2012, 2019, 3), ("5 Serisi F10", "78", 2010, 2017, 2),
            ("5 Serisi E60", "71", 2003, 2010, 2), ("X5 E70", "74", 2007, 2013, 1)),
    "Mercedes-Benz": (("C 180 W203", "203", 2000, 2007, 3), ("C 200 W204", "204", 2007, 2014, 3),
                      ("E 250 W212", "212", 2009, 2016, 2), ("Sprinter", "906", 2006, 2018, 2),
                      ("Vito W639", "639", 2003, 2014, 2)),
    "Peugeot": (("301", "981", 2012, 2022, 3), ("308", "982", 2007, 2025, 3),
                ("208", "980", 2012, 2025, 3), ("3008", "983", 2009, 2025, 2),
                ("Partner", "967", 1996, 2018, 2)),
    "Citroën": (("C-Elysée", "967", 2012, 2022, 3), ("C4", "963", 2004, 2018, 2),
                ("Berlingo", "964", 1996, 2018, 2), ("C3", "965", 2002, 2025, 2)),
    "Dacia": (("Duster", "HS0", 2010, 2025, 4), ("Sandero", "B52", 2008, 2025, 3),
              ("Logan", "L90", 2004, 2020, 2), ("Lodgy", "J92", 2012, 2022, 1)),
    "Honda": (("Civic FD6", "SNA", 2006, 2011, 3), ("Civic FC5", "TBA", 2016, 2021, 3),
              ("Jazz", "TF0", 2008, 2020, 1), ("CR-V", "T1G", 2012, 2025, 1)),
    "Skoda": (("Octavia 3", "5E0", 2013, 2020, 3), ("Superb", "3V0", 2015, 2025, 2),
              ("Fabia", "6V0", 2014, 2021, 2)),
    "Seat": (("Leon", "5F0", 2012, 2025, 2), ("Ibiza", "6F0", 2017, 2025, 2)),
    "Nissan": (("Qashqai", "4EA", 2007, 2025, 3), ("Micra", "1HA", 2010, 2020, 1),
               ("Juke", "1KA", 2010, 2025, 1), ("Navara", "4JA", 2005, 2021, 1)),
    "Kia": (("Sportage", "F1", 2010, 2025, 3), ("Ceed", "J7", 2012, 2025, 2),
            ("Rio", "H8", 2011, 2023, 1), ("Picanto", "G6", 2011, 2025, 1)),
    "Audi": (("A3", "8V0", 2012, 2020, 2), ("A4 B8", "8K0", 2008, 2015, 2),
             ("A6 C7", "4G0", 2011, 2018, 1), ("Q5", "8R0", 2008, 2017, 1)),
    "Tofaş": (("Şahin", "76", 1990, 2002, 2), ("Doğan SLX", "77", 1990, 2002, 1),
              ("Kartal", "78", 1990, 2002, 1), ("Serçe", "79", 1990, 1996, 0.5)),
    "TOGG": (("T10X", "T10", 2023, 2025, 1),),
    "Chevrolet": (("Cruze", "955", 2009, 2016, 2), ("Aveo", "965", 2006, 2015, 1),
                  ("Captiva", "968", 2006, 2015, 1)),
    "Volvo": (("S60", "313", 2010, 2018, 1), ("XC90", "307", 2002, 2025, 1),
              ("V40", "312", 2012, 2019, 1)),
    "Mazda": (("3", "BP", 2003, 2025, 1), ("6", "GH", 2007, 2025, 1),
              ("CX-5", "KD", 2012, 2025, 1)),
    "Mitsubishi": (("L200", "34", 2006, 2025, 1), ("Lancer", "46", 2003, 2017, 1),
                   ("ASX", "82", 2010, 2025, 0.5)),
    "Isuzu": (("D-Max", "898", 2012, 2025, 1), ("NPR", "897", 2005, 2025, 0.5)),
    "Lada": (("Niva", "212", 1990, 2020, 0.5), ("Samara", "210", 1990, 2005, 0.3)),
    "Suzuki": (("Vitara", "54P", 2015, 2025, 1), ("Swift", "68L", 2010, 2025, 0.5)),
    "Jeep": (("Renegade", "682", 2014, 2025, 1), ("Compass", "683", 2017, 2025, 0.5)),
    "Tesla": (("Model 3", "147", 2019, 2025, 0.5), ("Model Y", "149", 2021, 2025, 0.5)),
    "Land Rover": (("Range Rover Evoque", "LR0", 2011, 2025, 0.5),
                   ("Discovery 4", "LR1", 2009, 2016, 0.3)),
    "MAN": (("TGX", "81", 2007, 2025, 0.5), ("TGS", "82", 2007, 2025, 0.5)),
    "Scania": (("R450", "213", 2013, 2025, 0.5), ("G410", "214", 2013, 2025, 0.3)),
    "BMC": (("Pro 827", "827", 2005, 2020, 0.5), ("Levend", "610", 1996, 2010, 0.3)),
    "Iveco": (("Daily", "504", 2006, 2025, 1),),
    "Karsan": (("J10", "J10", 2007, 2017, 0.3), ("Jest", "JST", 2013, 2025, 0.3)),
    "Mini": (("Cooper", "51", 2006, 2025, 0.5),),
    "Subaru": (("Forester", "AB", 2008, 2025, 0.3),),
    "Cupra": (("Formentor", "5FF", 2020, 2025, 0.5),),
    "Alfa Romeo": (("Giulietta", "502", 2010, 2020, 0.3),),
    "Chery": (("Tiggo 7 Pro", "T7P", 2022, 2025, 0.5),),
    "MG": (("ZS EV", "ZSE", 2019, 2025, 0.3),),
    "BYD": (("Atto 3", "AT3", 2022, 2025, 0.3),),
    "Daewoo": (("Lanos", "961", 1997, 2002, 0.3), ("Nubira", "962", 1997, 2003, 0.2)),
}
# fmt: on
VEHICLE_MODELS: tuple[VehicleModel, ...] = tuple(
    VehicleModel(brand, name, code, (first, last), weight)
    for brand, models in _MODEL_TABLE.items()
    for name, code, first, last, weight in models
)


def _digits(seed: int, count: int) -> str:
    return str(seed % 10**count).zfill(count)


def _letters(seed: int, count: int) -> str:
    alphabet = "ABCDEFGHJKLMNPRSTUVWXZ"
    return "".join(alphabet[(seed >> (5 * index)) % len(alphabet)] for index in range(count))


# How each maker writes its part numbers; `seed` is stable per model, part and variant.
def _mercedes(code: str, group: int, seed: int, variant: int) -> str:
    # Variant 0 of the W203's rear brake disc is "A 203 423 06 12", as sellers type it.
    return f"A {code} {group:03d} {6 + 2 * variant:02d} 12"


def _bmw(code: str, group: int, seed: int, variant: int) -> str:
    return f"{group % 100:02d}-{code}-7-{_digits(seed, 3)}-{_digits(seed >> 10, 3)}"


def _vag(code: str, group: int, seed: int, variant: int) -> str:
    return f"{code} {group:03d} {_digits(seed, 3)} {_letters(seed >> 12, 1 + variant % 2)}"


def _renault(code: str, group: int, seed: int, variant: int) -> str:
    return f"{group:03d}{_digits(seed, 6)}R"


def _eight_digits(code: str, group: int, seed: int, variant: int) -> str:
    return f"{_digits(seed, 4)}{group:03d}{variant}"


def _spaced_eight(code: str, group: int, seed: int, variant: int) -> str:
    return f"{code} {group:03d} {_digits(seed, 2)}{variant}"


def _asian(code: str, group: int, seed: int, variant: int) -> str:
    return f"{group:03d}{_digits(seed, 2)}-{code}{_digits(seed >> 8, 5 - len(code))}"


def _honda(code: str, group: int, seed: int, variant: int) -> str:
    return f"{group:03d}{_digits(seed, 2)}-{code}-{_letters(seed >> 8, 1)}{_digits(seed, 2)}"


def _psa(code: str, group: int, seed: int, variant: int) -> str:
    return f"{code}{_digits(seed, 4)}{group:03d}"


def _ford(code: str, group: int, seed: int, variant: int) -> str:
    return f"{code}{variant}-{_digits(seed, 1)}{group:03d}-{_letters(seed >> 6, 2)}"


def _generic(code: str, group: int, seed: int, variant: int) -> str:
    return f"{code}.{group:03d}.{_digits(seed, 4)}"


ReferenceFormat = Callable[[str, int, int, int], str]
_REFERENCE_FORMATS: dict[str, ReferenceFormat] = {
    "Mercedes-Benz": _mercedes,
    "BMW": _bmw,
    "Mini": _bmw,
    "Volkswagen": _vag,
    "Audi": _vag,
    "Skoda": _vag,
    "Seat": _vag,
    "Cupra": _vag,
    "Renault": _renault,
    "Dacia": _renault,
    "Fiat": _eight_digits,
    "Tofaş": _eight_digits,
    "Alfa Romeo": _eight_digits,
    "Volvo": _eight_digits,
    "Opel": _spaced_eight,
    "Chevrolet": _spaced_eight,
    "Daewoo": _spaced_eight,
    "Toyota": _asian,
    "Hyundai": _asian,
    "Kia": _asian,
    "Nissan": _asian,
    "Mazda": _asian,
    "Mitsubishi": _asian,
    "Suzuki": _asian,
    "Honda": _honda,
    "Peugeot": _psa,
    "Citroën": _psa,
    "Ford": _ford,
}
REFERENCE_VARIANTS = 3


@cache
def synthetic_reference(model: VehicleModel, part: PartName, variant: int) -> str:
    """The part number of one (model, part) pair; a few variants, as real catalogues have."""
    seed = zlib.crc32(f"{model.brand}|{model.name}|{part.name}|{variant}".encode())
    formatter = _REFERENCE_FORMATS.get(model.brand, _generic)
    return formatter(model.code, part.group, seed, variant)


QUALIFIERS: tuple[tuple[str, float], ...] = (
    ("", 40),
    ("Orijinal", 10),
    ("Çıkma", 10),
    ("Sıfır", 6),
    ("Yan Sanayi", 4),
    ("Garantili", 4),
    ("Bosch", 2),
    ("Valeo", 2),
    ("Hella", 2),
    ("Magneti Marelli", 1),
    ("TRW", 1),
    ("Sachs", 1),
    ("Denso", 1),
)
OPENINGS_USABLE: tuple[str, ...] = (
    "Çıkma orijinal {part}, sorunsuz çalışıyor.",
    "Sıfır, kutusunda {part}.",
    "{vehicle} için {part}, temiz ve bakımlı.",
    "Hasarsız araçtan sökülme {part}.",
    "{part} test edildi, hiçbir sorunu yok.",
    "Az kullanılmış {part}, değişim nedeniyle satılık.",
)
OPENINGS_FAULTY: tuple[str, ...] = (
    "Arızalı {part}, parça olarak satılıktır.",
    "{part} tamir gerektirir, durumu fotoğraflardaki gibidir.",
    "{vehicle} {part}, çalışmıyor; revizyona uygun.",
)
EXTRAS: tuple[str, ...] = (
    "Kargo alıcıya aittir.",
    "Aynı gün kargo.",
    "Faturalı satış yapılır.",
    "Takas düşünülmez.",
    "Uyumluluk için şasi numarası ile sorunuz.",
    "Bir ay değişim garantisi.",
    "Toptan fiyatlarımız için arayınız.",
    "Montaj hizmeti mevcuttur.",
    "Elden teslim de yapılır.",
    "Fiyatta pazarlık payı vardır.",
    "Stokta birden fazla adet mevcuttur.",
    "Orijinal kutusunda gönderilir.",
)
# Bigger cities list more parts.
CITY_WEIGHTS: dict[str, float] = {
    "İstanbul": 18,
    "Ankara": 7,
    "İzmir": 6,
    "Bursa": 4,
    "Konya": 3,
    "Antalya": 3,
    "Kocaeli": 3,
    "Adana": 2.5,
    "Gaziantep": 2,
    "Kayseri": 2,
}
CITIES: tuple[str, ...] = tuple(province.name for province in PROVINCES)
