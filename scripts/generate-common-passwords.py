#!/usr/bin/env python3
"""Generates src/AksesSpse.Core/Identity/common-passwords.txt: passwords that people in Indonesian offices
pick first (no list can be downloaded here, so it is built from well-known patterns): common words and
names in Indonesian and English, the app's own vocabulary, keyboard walks and digit runs, each alone and
followed by years, digit runs and short numbers. Entries are normalised as PasswordPolicy.Normalize does
(lower case, letters and digits only). Deterministic: run it again and the file is the same.

    python3 scripts/generate-common-passwords.py
"""
import pathlib

WORDS_ID = """
bismillah alhamdulillah assalamualaikum insyaallah mashaallah subhanallah allahuakbar
indonesia jakarta bandung surabaya medan semarang makassar palembang yogyakarta jogja bali denpasar
malang bogor depok bekasi tangerang padang pekanbaru pontianak manado ambon jayapura kupang mataram
merdeka garuda pancasila nusantara bhinneka proklamasi rahasia sandi katasandi kunci masuk admin
sayang cinta cintaku sayangku kasih rindu bahagia selamat sukses berkah amanah ikhlas sabar semangat
rumah kantor dinas pemda pemkab pemkot kabupaten kota provinsi negara bangsa rakyat
pengadaan lelang tender barang jasa konstruksi pokja pejabat lpse spse ukpbj ulp lkpp inaproc sirup
pegawai asn pns honorer kepala bagian kasubag sekretaris bendahara operator helpdesk agency
ayah ibu bapak mama papa anak adik kakak keluarga teman sahabat
kucing anjing burung harimau elang naga singa
merah putih hitam biru hijau kuning
senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei juni juli agustus
september oktober november desember
satu dua tiga empat lima enam tujuh delapan sembilan sepuluh
persib persija arema persebaya psm bonek jakmania
nasi goreng sate bakso rendang kopi teh
qwerty asdf zxcv
"""

NAMES = """
agus budi dedi eko hendra joko andi rudi yanto dodi iwan wawan heru slamet bambang sri siti dewi
rina ani wati yuni lina nur nurul fitri putri indah ayu ratna sari dian rini yanti tuti wulan
ahmad muhammad mohammad rizky rizki fajar bayu dimas adi arif irfan hadi teguh wahyu yudi
kartika lestari rahayu handayani susanti purnama permata cahaya mutiara intan bunga melati mawar
anggrek ningsih astuti utami pratama saputra wijaya kusuma setiawan hidayat nugroho santoso
gunawan susilo kurniawan firmansyah ramadhan hasan husein umar ali fatimah aisyah khadijah maryam
joko widodo jokowi prabowo soekarno suharto habibie megawati
"""

WORDS_EN = """
password passw0rd pass passwd admin administrator root user login welcome letmein master secret
dragon monkey football baseball soccer basketball superman batman iloveyou princess sunshine shadow
michael jennifer jordan hunter ranger buster thomas robert charlie daniel andrew joshua matthew
love lover hello freedom whatever trustno1 starwars computer internet summer winter spring autumn
flower cheese coffee chocolate pepper ginger killer pokemon naruto samsung nokia iphone android
google facebook instagram twitter youtube whatsapp microsoft windows linux apple orange banana
family friends happy lucky money power secure security changeme default guest test testing demo
office manager support service server database company business
"""

WALKS = """
qwerty qwertyuiop qwertyui asdfgh asdfghjkl zxcvbn zxcvbnm qazwsx qazwsxedc 1qaz2wsx 1q2w3e4r
1q2w3e4r5t q1w2e3r4 qwer1234 asdf1234 zaq12wsx abc123 abcd1234 abcdef aaaaaa abcabc
123456 1234567 12345678 123456789 1234567890 0123456789 987654321 9876543210 111111 000000
123123 112233 121212 123321 654321 666666 777777 888888 999999 11111111 00000000 147258369
159753 789456123 741852963 1111111111 1234512345
"""

SUFFIXES = (
    [str(y) for y in range(1990, 2031)]
    + ["1", "12", "123", "1234", "12345", "123456", "01", "11", "00", "007", "99", "88"]
)

def normalise(s: str) -> str:
    return "".join(c for c in s.lower() if c.isalnum())

def main() -> None:
    words = []
    for block in (WORDS_ID, NAMES, WORDS_EN):
        for w in block.split():
            if w not in words:
                words.append(w)
    entries: list[str] = []
    seen: set[str] = set()

    def add(value: str) -> None:
        n = normalise(value)
        if len(n) >= 4 and n not in seen:
            seen.add(n)
            entries.append(n)

    for w in WALKS.split():
        add(w)
        for s in SUFFIXES[-12:]:
            add(w + s)
    for w in words:
        add(w)
        add(w + w)
        for s in SUFFIXES:
            add(w + s)
    # Pairs of words people join: "sayangku123" is a suffix case; "cintaindonesia", "adminlpse", ...
    common = ["admin", "lpse", "spse", "pokja", "indonesia", "cinta", "sayang", "password", "bismillah", "rahasia"]
    for a in common:
        for b in common:
            if a != b:
                add(a + b)
                for s in ["1", "123", "2024", "2025", "2026", "2027"]:
                    add(a + b + s)
    out = pathlib.Path(__file__).resolve().parent.parent / "src/AksesSpse.Core/Identity/common-passwords.txt"
    out.write_text(
        "# Common passwords refused by PasswordPolicy, normalised (lower case, letters and digits only).\n"
        "# Generated by scripts/generate-common-passwords.py from well-known patterns; do not edit by hand.\n"
        + "\n".join(entries) + "\n",
        encoding="utf-8")
    print(f"{len(entries)} entries -> {out}")

if __name__ == "__main__":
    main()
