using System.Globalization;
using System.Net;
using System.Text;
using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sop4Pages = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Offices;

/// <summary>
/// The office calendar page /Kalender (docs/adr/0022) through the real app: every staff member sees the seeded 2026 list;
/// the Kepala LPSE sets the week and the office's regional days; only the Administrator keeps the national list, typed in
/// or imported; bad input comes back in Bahasa Indonesia with nothing stored; and a change moves the deadline of the open
/// step of a running request at once, without moving the request's version.
/// </summary>
public sealed class OfficeCalendarPageTests
{
    private const string WeekForm = "#form-week";
    private const string DayForm = "#form-day-off";
    private const string ImportForm = "#form-import";
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    private static readonly string[] StaffEmails =
    [
        DemoUsers.KepalaUkpbj, DemoUsers.Helpdesk, DemoUsers.AdminAgency, DemoUsers.AdminPpe, DemoUsers.KepalaLpse, DemoUsers.Auditor,
        DemoUsers.Administrator,
    ];

    /// <summary>Tuesday 1 December 2026, 09.00 WIB: a working morning in a year whose list is stored, and next year's is not.</summary>
    private static DateTimeOffset December() => new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private static Task<AppFactory> AppAsync(DatabaseKind database, DateTimeOffset? now = null) =>
        AppFactory.CreateAsync(new AppSettings { Database = database, Clock = new FakeTimeProvider(now ?? December()), OutboxWorker = false });

    [Fact]
    public async Task Every_staff_role_sees_the_seeded_2026_list_and_an_applicant_is_refused()
    {
        await using var factory = await AppAsync(DatabaseKind.Sqlite);

        foreach (var email in StaffEmails)
        {
            using var client = factory.CreateFormClient();
            await client.SignInAsync(email);
            var page = await client.GetPageAsync("/Kalender");

            Assert.Equal("Kalender kerja kantor", Sop4Pages.Text(page.QuerySelector("h1")));
            var rows = page.QuerySelectorAll("#days-off-table tbody tr");
            Assert.True(rows.Length == 25, $"{email}: {rows.Length} rows");
            Assert.Contains(rows, r => Sop4Pages.Text(r).Contains("Sabtu, 21-03-2026 Libur nasional Idul Fitri 1447 H", StringComparison.Ordinal));
            Assert.Contains(rows, r => Sop4Pages.Text(r).Contains("Kamis, 24-12-2026 Cuti bersama", StringComparison.Ordinal));
            Assert.Contains("SKB Menteri Agama", Sop4Pages.Text(rows[0]));
            Assert.Contains("sama dengan di atas", Sop4Pages.Text(rows[1])); // the decree is written once, not 25 times
            Assert.Null(page.QuerySelector("#year-without-list"));
            Assert.Null(page.QuerySelector("#calendar-missing-this-year"));
            Assert.NotNull(page.QuerySelector("#calendar-missing-next-year"));
            Assert.Contains("tahun 2027 belum dimasukkan", Sop4Pages.Text(page.QuerySelector("#calendar-missing-next-year")));

            var editsOffice = email is DemoUsers.KepalaLpse or DemoUsers.Administrator;
            Assert.True(editsOffice == (page.QuerySelector(WeekForm) is not null), $"{email}: week form shown = {!editsOffice}");
            Assert.True(editsOffice == (page.QuerySelector(DayForm) is not null), $"{email}: day form");
            Assert.True(editsOffice == (page.QuerySelector(ImportForm) is not null), $"{email}: import form");
            var nationalOption = page.QuerySelector($"{DayForm} select[name=Kind] option[value='1']") is not null;
            Assert.True(nationalOption == (email == DemoUsers.Administrator), $"{email}: national option = {nationalOption}");
            if (!editsOffice)
            {
                Assert.Contains("Senin", Sop4Pages.Text(page.QuerySelector("#office-week dl.facts")));
                Assert.Contains("07.30–16.00", Sop4Pages.Text(page.QuerySelector("#office-week dl.facts")));
                Assert.Empty(page.QuerySelectorAll("#days-off-table form"));
            }

            var template = await client.GetAsync("/Kalender/Templat");
            Assert.Equal(HttpStatusCode.OK, template.StatusCode);
            Assert.Contains("tanggal,jenis,keterangan", await template.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var applicant = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        using var refused = await applicant.GetAsync("/Kalender");
        AssertDenied(refused.StatusCode, refused.Headers.Location?.OriginalString);

        using var anonymous = factory.CreateFormClient();
        using var signedOut = await anonymous.GetAsync("/Kalender");
        Assert.Contains("/Akun/Masuk", signedOut.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task KepalaLpse_saves_a_week_and_bad_weeks_are_refused_with_nothing_lost(DatabaseKind database)
    {
        await using var factory = await AppAsync(database);
        var officeId = await Sop4Pages.OfficeIdAsync(factory);
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        var page = await head.GetPageAsync("/Kalender");
        Assert.Contains("jam kerja baku instansi pemerintah", Sop4Pages.Text(page.QuerySelector("#office-week")));
        Assert.Equal("Asia/Jakarta", (page.QuerySelector("#TimeZoneId option[selected]") as IHtmlOptionElement)?.Value);

        // The standard week with Saturday 08.00–12.00 added.
        var saturday = StandardWeek();
        saturday[DayOfWeek.Saturday] = ("08:00", "12:00");
        var saved = await head.SubmitAsync(page, WeekForm, WeekFields("Asia/Jakarta", saturday));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Contains("Zona waktu dan jam kerja kantor disimpan", Sop4Pages.Text(saved.Page.QuerySelector(".alert.success")));
        var stored = await WeekAsync(factory, officeId);
        Assert.Equal(6, stored.Count);
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(12, 0)), stored[DayOfWeek.Saturday]);
        Assert.Equal((new TimeOnly(7, 30), new TimeOnly(16, 30)), stored[DayOfWeek.Friday]);
        Assert.False(stored.ContainsKey(DayOfWeek.Sunday));
        Assert.DoesNotContain("jam kerja baku", Sop4Pages.Text(saved.Page.QuerySelector("#office-week")));
        Assert.Equal("08:00", Value(saved.Page, "Days[5].Opens"));
        Assert.Equal("12:00", Value(saved.Page, "Days[5].Closes"));
        Assert.True((saved.Page.QuerySelector("input[name='Days[5].Works'][type=checkbox]") as IHtmlInputElement)!.IsChecked);

        // Saved again over its own rows, now in WITA with Friday until 11.30.
        var wita = new Dictionary<DayOfWeek, (string, string)?>(saturday) { [DayOfWeek.Friday] = ("07:30", "11:30") };
        var again = await head.SubmitAsync(saved.Page, WeekForm, WeekFields("Asia/Makassar", wita));
        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        stored = await WeekAsync(factory, officeId);
        Assert.Equal((new TimeOnly(7, 30), new TimeOnly(11, 30)), stored[DayOfWeek.Friday]);
        Assert.Equal("Asia/Makassar", await factory.WithDbAsync(db => db.Offices.Where(o => o.Id == officeId).Select(o => o.TimeZoneId).SingleAsync()));
        var expected = await WeekAsync(factory, officeId);

        // Closing before opening.
        var backwards = new Dictionary<DayOfWeek, (string, string)?>(wita) { [DayOfWeek.Monday] = ("16:00", "07:30") };
        var refused = await head.SubmitAsync(again.Page, WeekForm, WeekFields("Asia/Makassar", backwards));
        AssertRefused(refused, "Senin: jam tutup harus sesudah jam buka.");
        Assert.Equal("16:00", Value(refused.Page, "Days[0].Opens")); // what was typed comes back
        Assert.Equal("07:30", Value(refused.Page, "Days[0].Closes"));
        Assert.Equal("08:00", Value(refused.Page, "Days[5].Opens"));

        // No working day at all.
        var none = OfficeWeekDays().ToDictionary(d => d, _ => ((string, string)?)null);
        AssertRefused(await head.SubmitAsync(again.Page, WeekForm, WeekFields("Asia/Makassar", none)),
            "Tandai sedikitnya satu hari kerja: tanpa hari kerja standar waktu SOP tidak dapat dihitung.");

        // A time that is no time, and a working day without hours.
        var badTime = new Dictionary<DayOfWeek, (string, string)?>(wita) { [DayOfWeek.Tuesday] = ("25:99", "16:00"), [DayOfWeek.Wednesday] = ("", "16:00") };
        var badTimeResult = await head.SubmitAsync(again.Page, WeekForm, WeekFields("Asia/Makassar", badTime));
        AssertRefused(badTimeResult, "Selasa: jam buka \"25:99\" tidak dikenali; tulis seperti 07:30.");
        Assert.Contains("Rabu: jam buka wajib diisi seperti 07:30.", Errors(badTimeResult.Page));

        // A zone that is not one of Indonesia's three.
        var zone = await head.SubmitAsync(again.Page, WeekForm, WeekFields("Europe/London", wita));
        AssertRefused(zone, "Pilih zona waktu kantor: WIB, WITA atau WIT.");

        Assert.Equal(expected, await WeekAsync(factory, officeId));
        Assert.Equal("Asia/Makassar", await factory.WithDbAsync(db => db.Offices.Where(o => o.Id == officeId).Select(o => o.TimeZoneId).SingleAsync()));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task KepalaLpse_adds_a_regional_day_but_only_the_Administrator_a_national_one(DatabaseKind database)
    {
        await using var factory = await AppAsync(database);
        var officeId = await Sop4Pages.OfficeIdAsync(factory);
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        var page = await head.GetPageAsync("/Kalender");
        Assert.Equal(new[] { "3" }, page.QuerySelectorAll($"{DayForm} select[name=Kind] option").Select(o => ((IHtmlOptionElement)o).Value));

        var added = await head.SubmitAsync(page, DayForm, new() { ["Date"] = "2026-12-09", ["Kind"] = "3", ["Description"] = "Hari Raya Galungan" });
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        Assert.Contains("09-12-2026 dicatat sebagai libur daerah / kantor", Sop4Pages.Text(added.Page.QuerySelector(".alert.success")));
        Assert.Equal(26, added.Page.QuerySelectorAll("#days-off-table tbody tr").Length);
        var row = Row(added.Page, "09-12-2026");
        Assert.Contains("Rabu, 09-12-2026 Libur daerah / kantor Hari Raya Galungan Dicatat lewat formulir", Sop4Pages.Text(row));
        var regional = await factory.WithDbAsync(db => db.DaysOff.SingleAsync(d => d.Date == new DateOnly(2026, 12, 9)));
        Assert.Equal(officeId, regional.OfficeId);
        Assert.Equal(DayOffKind.Regional, regional.Kind);
        Assert.False(string.IsNullOrWhiteSpace(regional.CreatedByName));

        // The same date again; a description missing.
        var twice = await head.SubmitAsync(added.Page, DayForm, new() { ["Date"] = "2026-12-09", ["Kind"] = "3", ["Description"] = "Lagi" });
        AssertRefused(twice, "Tanggal 09-12-2026 sudah tercatat sebagai hari libur.");
        var empty = await head.SubmitAsync(added.Page, DayForm, new() { ["Date"] = "2026-12-10", ["Kind"] = "3", ["Description"] = " " });
        AssertRefused(empty, "Keterangan hari libur wajib diisi");
        var noDate = await head.SubmitAsync(added.Page, DayForm, new() { ["Date"] = "", ["Kind"] = "3", ["Description"] = "Kuningan" });
        AssertRefused(noDate, "Tanggal hari libur wajib diisi.");

        // Kepala LPSE may not add a national holiday nor remove one, even by posting the form by hand.
        var national = await head.SubmitAsync(added.Page, DayForm, new() { ["Date"] = "2026-12-28", ["Kind"] = "1", ["Description"] = "Libur nasional palsu" },
            follow: false);
        AssertDenied(national);
        var cuti = await head.SubmitAsync(added.Page, DayForm, new() { ["Date"] = "2026-12-28", ["Kind"] = "2", ["Description"] = "Cuti bersama palsu" },
            follow: false);
        AssertDenied(cuti);
        var christmas = await factory.WithDbAsync(db => db.DaysOff.Where(d => d.Date == new DateOnly(2026, 12, 25)).Select(d => d.Id).SingleAsync());
        Assert.Null(Row(added.Page, "25-12-2026").QuerySelector("form"));
        using (var remove = await PostAsync(head, added.Page, $"/Kalender/Libur/{christmas}/Hapus?tahun=2026", []))
        {
            AssertDenied(remove.StatusCode, remove.Headers.Location?.OriginalString);
        }

        Assert.Equal(26, await factory.WithDbAsync(db => db.DaysOff.CountAsync(d => d.Date.Year == 2026)));

        // The Kepala LPSE removes the office's own day.
        var removed = await head.SubmitAsync(added.Page, $"form[action='/Kalender/Libur/{regional.Id}/Hapus?tahun=2026']", []);
        Assert.Equal(HttpStatusCode.Redirect, removed.Status);
        Assert.Equal(25, removed.Page.QuerySelectorAll("#days-off-table tbody tr").Length);

        // The Administrator may add a national day: it is every office's.
        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.Administrator);
        var adminPage = await admin.GetPageAsync("/Kalender");
        var byAdmin = await admin.SubmitAsync(adminPage, DayForm, new() { ["Date"] = "2026-12-28", ["Kind"] = "1", ["Description"] = "Libur nasional tambahan" });
        Assert.Equal(HttpStatusCode.Redirect, byAdmin.Status);
        Assert.Contains("28-12-2026 dicatat sebagai libur nasional", Sop4Pages.Text(byAdmin.Page.QuerySelector(".alert.success")));
        var stored = await factory.WithDbAsync(db => db.DaysOff.SingleAsync(d => d.Date == new DateOnly(2026, 12, 28)));
        Assert.Null(stored.OfficeId);
        Assert.Equal(DayOffKind.NationalHoliday, stored.Kind);
        Assert.Contains("Libur nasional tambahan", Sop4Pages.Text(Row(await head.GetPageAsync("/Kalender"), "28-12-2026")));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task The_Administrator_imports_a_2027_list_and_bad_files_are_refused_with_nothing_stored(DatabaseKind database)
    {
        await using var factory = await AppAsync(database);
        var officeId = await Sop4Pages.OfficeIdAsync(factory);
        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.Administrator);
        var page = await admin.GetPageAsync("/Kalender");
        Assert.NotNull(page.QuerySelector("#calendar-missing-next-year"));
        var before = await admin.GetPageAsync("/Kalender?tahun=2027");
        Assert.NotNull(before.QuerySelector("#year-without-list"));
        Assert.Null(before.QuerySelector("#days-off-table"));

        // A line with a bad date: the file is refused, naming the line, and nothing is stored.
        var bad = Csv("2027-01-01,libur_nasional,Tahun Baru 2027 Masehi", "2027-02-30,libur_nasional,Tanggal yang tidak ada",
            "2027-03-10,cuti_bersama,Cuti bersama Idul Fitri");
        var refused = await admin.SubmitAsync(page, ImportForm, new() { ["National"] = "true", ["Source"] = "SKB 2027" }, [List(bad)]);
        AssertRefused(refused, "Baris 3: tanggal \"2027-02-30\" tidak dikenali");
        Assert.Equal("SKB 2027", Value(refused.Page, "Source"));
        Assert.Equal(0, await factory.WithDbAsync(db => db.DaysOff.CountAsync(d => d.Date.Year == 2027)));

        // A file over 64 KB.
        var big = new StringBuilder("tanggal,jenis,keterangan\n");
        while (big.Length < 70 * 1024)
        {
            big.Append("2027-01-01,libur_nasional,").Append(new string('x', 200)).Append('\n');
        }

        var tooBig = await admin.SubmitAsync(page, ImportForm, new() { ["National"] = "true" }, [List(big.ToString())]);
        AssertRefused(tooBig, "Berkas lebih dari 64 KB");

        // No file at all.
        AssertRefused(await admin.SubmitAsync(page, ImportForm, new() { ["National"] = "true" }), "Pilih berkas CSV daftar hari libur untuk diimpor.");
        Assert.Equal(0, await factory.WithDbAsync(db => db.DaysOff.CountAsync(d => d.Date.Year == 2027)));

        // The 2027 list, saved by a spreadsheet: semicolons and a BOM.
        var good = "\uFEFFtanggal;jenis;keterangan\r\n01-01-2027;libur_nasional;Tahun Baru 2027 Masehi\r\n06-02-2027;libur_nasional;Tahun Baru Imlek 2578 Kongzili\r\n" +
                   "10-03-2027;libur_nasional;Idul Fitri 1448 H\r\n11-03-2027;libur_nasional;Idul Fitri 1448 H\r\n12-03-2027;cuti_bersama;Cuti bersama Idul Fitri 1448 H\r\n";
        var imported = await admin.SubmitAsync(page, ImportForm, new() { ["National"] = "true", ["Source"] = "SKB 3 Menteri Tahun 2027" }, [List(good)]);
        Assert.Equal(HttpStatusCode.Redirect, imported.Status);
        Assert.Contains("5 hari libur diimpor", Sop4Pages.Text(imported.Page.QuerySelector(".alert.success")));
        Assert.Null(imported.Page.QuerySelector("#calendar-missing-next-year"));
        var year2027 = await admin.GetPageAsync("/Kalender?tahun=2027");
        Assert.Null(year2027.QuerySelector("#year-without-list"));
        Assert.Equal(5, year2027.QuerySelectorAll("#days-off-table tbody tr").Length);
        Assert.Contains("Jumat, 01-01-2027 Libur nasional Tahun Baru 2027 Masehi SKB 3 Menteri Tahun 2027", Sop4Pages.Text(Row(year2027, "01-01-2027")));
        Assert.Equal(5, await factory.WithDbAsync(db => db.DaysOff.CountAsync(d => d.Date.Year == 2027 && d.OfficeId == null)));
        Assert.Equal(25, await factory.WithDbAsync(db => db.DaysOff.CountAsync(d => d.Date.Year == 2026)));

        // Importing 2027 again replaces that year's list, not adds to it.
        var replaced = await admin.SubmitAsync(page, ImportForm, new() { ["National"] = "true" }, [List(Csv("2027-01-01,libur_nasional,Tahun Baru 2027 Masehi"))]);
        Assert.Equal(HttpStatusCode.Redirect, replaced.Status);
        Assert.Equal(1, await factory.WithDbAsync(db => db.DaysOff.CountAsync(d => d.Date.Year == 2027)));

        // Every staff member now reads the 2027 list; the warning is gone for them too.
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        var headPage = await head.GetPageAsync("/Kalender");
        Assert.Null(headPage.QuerySelector("#calendar-missing-next-year"));
        Assert.Null(headPage.QuerySelector($"{ImportForm} select[name=National]"));

        // A regional import by the Kepala LPSE with libur_nasional lines is refused, naming them.
        var mixed = Csv("2027-04-07,libur_daerah,Hari Raya Galungan", "2027-04-08,libur_nasional,Bukan hari libur daerah");
        var wrongKind = await head.SubmitAsync(headPage, ImportForm, new() { ["Source"] = "Keputusan Bupati" }, [List(mixed)]);
        AssertRefused(wrongKind, "Baris 3 berjenis libur_nasional.");
        Assert.Equal(0, await factory.WithDbAsync(db => db.DaysOff.CountAsync(d => d.OfficeId == officeId)));

        // Nor may the Kepala LPSE import the national list by posting National=true by hand.
        var forged = await head.SubmitAsync(headPage, ImportForm, new() { ["National"] = "true" }, [List(Csv("2027-05-01,libur_nasional,Hari Buruh"))],
            follow: false);
        AssertDenied(forged);
        Assert.Equal(1, await factory.WithDbAsync(db => db.DaysOff.CountAsync(d => d.Date.Year == 2027)));

        // The office's own list is taken.
        var regional = await head.SubmitAsync(headPage, ImportForm, new() { ["Source"] = "Keputusan Bupati" },
            [List(Csv("2027-04-07,libur_daerah,Hari Raya Galungan", "2027-04-17,libur_daerah,Hari Raya Kuningan"))]);
        Assert.Equal(HttpStatusCode.Redirect, regional.Status);
        Assert.Contains("2 hari libur diimpor", Sop4Pages.Text(regional.Page.QuerySelector(".alert.success")));
        Assert.Equal(2, await factory.WithDbAsync(db => db.DaysOff.CountAsync(d => d.OfficeId == officeId)));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_regional_day_or_a_new_week_moves_the_open_deadline_without_moving_the_version(DatabaseKind database)
    {
        var start = WorkingTime.NextMorning(); // 09.00 WIB on a working day followed by a working day
        await using var factory = await AppAsync(database, start);
        var id = await StartResetAsync(factory);
        var (before, version) = await OpenStepAsync(factory, id);
        Assert.Equal(TimeStandardKind.Minutes, before.Kind);
        Assert.Equal(start.UtcDateTime, before.ActionableAt);
        Assert.Equal(start.UtcDateTime.AddMinutes(before.Minutes), before.DueAt);
        Assert.Equal(before.DueAt, before.CurrentStepDueAt);

        // The due date becomes a regional day off: the step starts at the next working day's opening (07.30 WIB).
        var today = DateOnly.FromDateTime(start.ToOffset(Wib).DateTime);
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        var page = await head.GetPageAsync($"/Kalender?tahun={today.Year}");
        var added = await head.SubmitAsync(page, DayForm, new()
        {
            ["Date"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["Kind"] = "3", ["Description"] = "Hari jadi kabupaten",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        var nextOpening = new DateTimeOffset(today.AddDays(1).ToDateTime(new TimeOnly(7, 30)), Wib).UtcDateTime;
        var (moved, versionAfterDay) = await OpenStepAsync(factory, id);
        Assert.Equal(nextOpening.AddMinutes(before.Minutes), moved.DueAt);
        Assert.Equal(moved.DueAt, moved.CurrentStepDueAt);
        Assert.Equal(version, versionAfterDay);

        // The next day now opens at 08.00: the deadline follows the week.
        var week = StandardWeek();
        week[today.AddDays(1).DayOfWeek] = ("08:00", "16:00");
        var saved = await head.SubmitAsync(added.Page, WeekForm, WeekFields("Asia/Jakarta", week));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var (later, versionAfterWeek) = await OpenStepAsync(factory, id);
        Assert.Equal(nextOpening.AddMinutes(30 + before.Minutes), later.DueAt);
        Assert.Equal(later.DueAt, later.CurrentStepDueAt);
        Assert.Equal(version, versionAfterWeek);

        // The request page names the moved deadline, and has nothing to warn about.
        using var officer = factory.CreateFormClient();
        await officer.SignInAsync(DemoUsers.AdminAgency);
        var detail = await Sop4Pages.DetailAsync(officer, id);
        var due = Sop4Pages.Text(detail.QuerySelector("#open-step-due"));
        Assert.Contains($"Langkah 2 (standar {before.Minutes} menit, dihitung dalam jam kerja kantor) paling lambat", due);
        Assert.Contains(new DateTimeOffset(later.DueAt!.Value, TimeSpan.Zero).ToOffset(Wib).ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture) + " WIB", due);
        Assert.Null(detail.QuerySelector("#due-without-holiday-list"));

        // Removing the day moves it back.
        var removed = await head.SubmitAsync(saved.Page, $"form[action^='/Kalender/Libur/'][action$='/Hapus?tahun={today.Year}']", []);
        Assert.Equal(HttpStatusCode.Redirect, removed.Status);
        var (back, versionAfterRemove) = await OpenStepAsync(factory, id);
        Assert.Equal(before.DueAt, back.DueAt);
        Assert.Equal(version, versionAfterRemove);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_deadline_in_a_year_without_a_list_is_marked_until_the_list_is_imported(DatabaseKind database)
    {
        // Thursday 31 December 2026, 15.58 WIB: the open step's 5 minutes end on Friday 1 January 2027, 07.33 WIB.
        var now = new DateTimeOffset(2026, 12, 31, 15, 58, 0, Wib);
        await using var factory = await AppAsync(database, now);
        var id = await StartResetAsync(factory);
        var (open, version) = await OpenStepAsync(factory, id);
        Assert.Equal(5, open.Minutes);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 7, 33, 0, Wib).UtcDateTime, open.DueAt);

        using var officer = factory.CreateFormClient();
        await officer.SignInAsync(DemoUsers.AdminAgency);
        var detail = await Sop4Pages.DetailAsync(officer, id);
        Assert.Contains("paling lambat 01-01-2027 07:33 WIB", Sop4Pages.Text(detail.QuerySelector("#open-step-due")));
        var warning = Sop4Pages.Text(detail.QuerySelector("#due-without-holiday-list"));
        Assert.Contains("Belum memperhitungkan libur nasional dan cuti bersama tahun 2027", warning);
        Assert.DoesNotContain("2026", warning);

        // The Administrator imports 2027: New Year's Day is off, the deadline moves to Monday and the mark is gone.
        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.Administrator);
        var page = await admin.GetPageAsync("/Kalender");
        var imported = await admin.SubmitAsync(page, ImportForm, new() { ["National"] = "true" },
            [List(Csv("2027-01-01,libur_nasional,Tahun Baru 2027 Masehi", "2027-02-06,libur_nasional,Tahun Baru Imlek 2578 Kongzili"))]);
        Assert.Equal(HttpStatusCode.Redirect, imported.Status);
        var (moved, after) = await OpenStepAsync(factory, id);
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 7, 33, 0, Wib).UtcDateTime, moved.DueAt);
        Assert.Equal(moved.DueAt, moved.CurrentStepDueAt);
        Assert.Equal(version, after);

        detail = await Sop4Pages.DetailAsync(officer, id);
        Assert.Contains("paling lambat 04-01-2027 07:33 WIB", Sop4Pages.Text(detail.QuerySelector("#open-step-due")));
        Assert.Null(detail.QuerySelector("#due-without-holiday-list"));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        await using var factory = await AppAsync(DatabaseKind.Sqlite);
        var officeId = await Sop4Pages.OfficeIdAsync(factory);
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        var page = await head.GetPageAsync("/Kalender");

        using (var day = await Sop4Pages.PostFormAsync(head, page, DayForm,
                   new() { ["Date"] = "2026-12-09", ["Kind"] = "3", ["Description"] = "Hari Raya Galungan" }, withAntiforgeryToken: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, day.StatusCode);
        }

        var week = StandardWeek();
        week[DayOfWeek.Saturday] = ("08:00", "12:00");
        using (var saved = await Sop4Pages.PostFormAsync(head, page, WeekForm, WeekFields("Asia/Jakarta", week), withAntiforgeryToken: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
        }

        using (var withToken = await Sop4Pages.PostFormAsync(head, page, DayForm,
                   new() { ["Date"] = "2026-12-09", ["Kind"] = "3", ["Description"] = "Hari Raya Galungan" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, withToken.StatusCode); // the same post with the token is taken
        }

        Assert.Equal(0, await factory.WithDbAsync(db => db.OfficeWorkingDays.CountAsync(d => d.OfficeId == officeId)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.DaysOff.CountAsync(d => d.OfficeId == officeId)));
    }

    // ---- helpers ----

    private sealed record OpenStep(TimeStandardKind Kind, int Minutes, DateTime ActionableAt, DateTime? DueAt, DateTime? CurrentStepDueAt);

    private static async Task<int> StartResetAsync(AppFactory factory)
    {
        var officeId = await Sop4Pages.OfficeIdAsync(factory);
        var rinaId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Pokja).Select(u => u.Id).SingleAsync());
        var rina = new Actor(rinaId, Sop4Pages.RinaName, officeId, new HashSet<string> { Roles.Pemohon });
        return await Sop4Pages.StartResetAsync(factory, rina, Sop4Pages.RinaSpseUserId);
    }

    private static Task<(OpenStep Step, int Version)> OpenStepAsync(AppFactory factory, int id) => factory.WithDbAsync(async db =>
    {
        var request = await db.AccessRequests.AsNoTracking().Include(r => r.Steps).SingleAsync(r => r.Id == id);
        var step = Assert.Single(request.Steps, s => s.CompletedAt == null && s.DueAt != null);
        Assert.Equal(request.CurrentStepNumber, step.StepNumber);
        return (new OpenStep(step.StandardKind, step.StandardValue ?? 0, Utc(step.ActionableAt), Utc(step.DueAt), Utc(request.CurrentStepDueAt)),
            request.Version);
    });

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static DateTime? Utc(DateTime? value) => value is { } v ? Utc(v) : null;

    private static IEnumerable<DayOfWeek> OfficeWeekDays() =>
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday,
    ];

    /// <summary>Monday–Thursday 07.30–16.00, Friday 07.30–16.30, weekend off.</summary>
    private static Dictionary<DayOfWeek, (string Opens, string Closes)?> StandardWeek() => OfficeWeekDays().ToDictionary(d => d, d => d switch
    {
        DayOfWeek.Saturday or DayOfWeek.Sunday => ((string, string)?)null,
        DayOfWeek.Friday => ("07:30", "16:30"),
        _ => ("07:30", "16:00"),
    });

    /// <summary>The week form's fields in the page's order (Senin first), as a browser posts them; the form's hidden Day values stay.</summary>
    private static Dictionary<string, string> WeekFields(string zone, IReadOnlyDictionary<DayOfWeek, (string Opens, string Closes)?> week)
    {
        var fields = new Dictionary<string, string> { ["TimeZoneId"] = zone };
        var i = 0;
        foreach (var day in OfficeWeekDays())
        {
            var hours = week[day];
            fields[$"Days[{i}].Works"] = hours is null ? "false" : FormClient.Many("true", "false");
            fields[$"Days[{i}].Opens"] = hours?.Opens ?? "";
            fields[$"Days[{i}].Closes"] = hours?.Closes ?? "";
            i++;
        }

        return fields;
    }

    private static Task<Dictionary<DayOfWeek, (TimeOnly, TimeOnly)>> WeekAsync(AppFactory factory, int officeId) => factory.WithDbAsync(db =>
        db.OfficeWorkingDays.Where(d => d.OfficeId == officeId).ToDictionaryAsync(d => d.Day, d => (d.Opens, d.Closes)));

    private static string Csv(params string[] lines) => "tanggal,jenis,keterangan\n" + string.Join("\n", lines) + "\n";

    private static FormFile List(string text) => new("listFile", "hari-libur.csv", Encoding.UTF8.GetBytes(text), "text/csv");

    private static string? Value(IDocument page, string name) => (page.QuerySelector($"[name='{name}']:not([type=hidden])") as IHtmlInputElement)?.Value
                                                                 ?? (page.QuerySelector($"[name='{name}']") as IHtmlInputElement)?.Value;

    private static IElement Row(IDocument page, string date) =>
        page.QuerySelectorAll("#days-off-table tbody tr").FirstOrDefault(r => r.TextContent.Contains(date, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"{date} is not listed: {Sop4Pages.Text(page.QuerySelector("#days-off"))}");

    /// <summary>Every message the page shows for a refused form: the summary and the fields' messages.</summary>
    private static string Errors(IDocument page) =>
        string.Join(" ", page.QuerySelectorAll(".validation-summary-errors, .field-error").Select(Sop4Pages.Text).Where(t => t.Length > 0));

    private static void AssertRefused(FormResult result, string message)
    {
        Assert.True(result.Status == HttpStatusCode.OK, $"Expected the form back, got {(int)result.Status} → {result.Location}");
        Assert.Contains(message, Errors(result.Page));
        Assert.Null(result.Page.QuerySelector(".alert.success"));
        Assert.DoesNotMatch("(?i)field is required|is not valid|is invalid|The value|The field|must be", Errors(result.Page));
    }

    private static void AssertDenied(FormResult result) => AssertDenied(result.Status, result.Location);

    private static void AssertDenied(HttpStatusCode status, string? location) =>
        Assert.True(status == HttpStatusCode.Forbidden || (status == HttpStatusCode.Redirect && location?.Contains("/Akun/AksesDitolak", StringComparison.Ordinal) == true),
            $"Expected a refusal, got {(int)status} → {location}");

    /// <summary>Posts to <paramref name="url"/> with the antiforgery token of the page's first form.</summary>
    private static async Task<HttpResponseMessage> PostAsync(FormClient client, IDocument page, string url, Dictionary<string, string> fields)
    {
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var values = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", token) };
        return await client.Http.PostAsync(url, new FormUrlEncodedContent(values));
    }
}
