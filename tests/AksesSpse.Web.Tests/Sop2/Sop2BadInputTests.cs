using System.Globalization;
using System.Net;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sop4Pages = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Sop2;

/// <summary>
/// SOP 2 with what must not get through: bad fields and files, accounts that are not the applicant's, an ended SK,
/// double submission, two Helpdesk officers at once, someone else's request or receipt, forged links, a missing
/// antiforgery token, and late steps without their explanation.
/// </summary>
[Trait("Sop", "Deactivation")]
public sealed class Sop2BadInputTests
{
    private const string DodiNip = "197011061996031002";

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task ApplicantForm_RefusesBadFieldsFilesForeignAccountsAndEndedSk_AndADoubleSubmissionCreatesOneRequest(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        await Sop4Pages.CreateUserAsync(factory, "dewi.lestari@contoh.go.id", "Dewi Lestari", Sop2.DewiNip, Roles.Pemohon);
        using var applicant = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        var today = Sop2.Today();

        // Nothing chosen and fields left empty or wrong: every message in Bahasa Indonesia, next to its field.
        var form = await applicant.GetPageAsync("/Prosedur/Ajukan/2");
        var key = ((IHtmlInputElement)form.QuerySelector("input[name=SubmissionKey]")!).Value;
        var result = await applicant.SubmitAsync(form, Sop2.CreateForm, new()
        {
            ["SpseUserId"] = "",
            ["Reason"] = "pendek",
            ["RankGrade"] = "",
            ["Phone"] = "0812-abc",
            ["SkNumber"] = "",
            ["SkValidUntil"] = "",
        }, Sop2.BothDocuments());
        Assert.Equal(HttpStatusCode.OK, result.Status);
        var errors = string.Join(" | ", result.Page.QuerySelectorAll(".field-error").Select(Sop2.Text));
        foreach (var expected in new[]
                 {
                     "Pilih jenis permohonan: penonaktifan atau pengaktifan hak akses.", "Pilih akun SPSE Anda.", "Alasan permohonan minimal 10 karakter.",
                     "Pangkat/Golongan wajib diisi.", "Jabatan wajib diisi.", "Instansi wajib diisi.", "Alamat wajib diisi.",
                     "No. HP harus nomor seluler Indonesia berupa angka saja", "Nomor SK / Surat Tugas / Surat Penunjukan wajib diisi.",
                     "Tanggal berlaku SK sampai wajib diisi dengan tanggal yang sah.",
                 })
        {
            Assert.Contains(expected, errors);
        }

        Assert.DoesNotContain("field is required", Sop2.Text(result.Page));
        Assert.DoesNotContain("is not valid", Sop2.Text(result.Page));
        Assert.Equal("pendek", result.Page.QuerySelector("textarea[name=Reason]")!.TextContent);
        Assert.Equal("0812-abc", ((IHtmlInputElement)result.Page.QuerySelector("input[name=Phone]")!).Value);
        Assert.Equal(key, ((IHtmlInputElement)result.Page.QuerySelector("input[name=SubmissionKey]")!).Value);
        Assert.Equal(Sop2.RinaName, ((IHtmlInputElement)result.Page.QuerySelector("#ApplicantName")!).Value);

        // Dates: not a date, too far ahead, already ended.
        result = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields().With("SkValidUntil", $"{today.Year}-02-31"));
        Assert.Contains("Tanggal berlaku SK sampai wajib diisi dengan tanggal yang sah.", Sop2.Errors(result.Page));
        Assert.DoesNotContain("is not valid", Sop2.Text(result.Page));
        result = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields(skValidUntil: today.AddYears(20)));
        Assert.Contains("lebih dari 10 tahun ke depan", Sop2.Errors(result.Page));
        var yesterday = today.AddDays(-1);
        result = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields(skValidUntil: yesterday));
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains($"SK berakhir pada {yesterday.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)} dan tidak berlaku hari ini", Sop2.Errors(result.Page));

        // Accounts: not in the register, another holder's, and one that is already active for an activation.
        result = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields(spseUserId: "tidak.ada"));
        Assert.Contains("User ID \"tidak.ada\" tidak terdaftar di register akun SPSE kantor ini", Sop2.Errors(result.Page));
        result = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields(spseUserId: "agus.ppk"));
        Assert.Contains("User ID \"agus.ppk\" tidak terdaftar atas NIP pemohon", Sop2.Errors(result.Page));
        result = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields(type: "Activate"));
        Assert.Contains("masih aktif; tidak perlu diaktifkan", Sop2.Errors(result.Page));

        // Files: a required one left out, a PNG and a text file named .pdf, a 6 MB one.
        result = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields(), [Sop2.Surat()]);
        var summary = Sop2.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains("Dokumen wajib belum diunggah", summary);
        Assert.Contains(Sop2.SkName, summary);
        Assert.DoesNotContain(Sop2.SuratName, summary);
        result = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields(), [Sop2.Surat("surat.pdf", SampleFiles.Png()), Sop2.Sk()]);
        summary = Sop2.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains(Sop2.SuratName, summary);
        Assert.Contains("bernama .pdf tetapi isinya PNG", summary);
        result = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields(),
            [Sop2.Surat(), Sop2.Sk("sk.pdf", System.Text.Encoding.UTF8.GetBytes("Ini hanya teks, bukan surat keputusan yang dipindai."))]);
        summary = Sop2.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains(Sop2.SkName, summary);
        Assert.Contains("bukan PDF, JPG, atau PNG yang sah", summary);
        var big = new byte[6 * 1024 * 1024];
        SampleFiles.Pdf().CopyTo(big, 0);
        result = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields(), [Sop2.Surat("surat-besar.pdf", big), Sop2.Sk()]);
        summary = Sop2.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains(Sop2.SuratName, summary);
        Assert.Contains("melebihi batas 5 MB", summary);
        Assert.Equal(Sop2.RinaSpseUserId, ((IHtmlSelectElement)result.Page.QuerySelector("select[name=SpseUserId]")!).Value);

        // None of that created a request or left a file behind.
        Assert.Equal(0, await factory.WithDbAsync(db => db.AccessRequests.CountAsync()));
        Assert.Empty(Sop2.StoredFiles(factory));

        // The same form sent twice (a double click, or Back and send again): one request.
        form = await applicant.GetPageAsync("/Prosedur/Ajukan/2");
        var first = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields(), page: form);
        var second = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields(), page: form);
        var id = Sop4Pages.IdFrom(first.Location);
        Assert.Equal(id, Sop4Pages.IdFrom(second.Location));

        // A second request for the same account while the first runs: refused, with the first's number.
        var number = await Sop2.NumberAsync(factory, id);
        result = await Sop2.TrySubmitAsync(applicant, Sop2.RequestFields());
        Assert.Contains($"Masih ada permohonan {number} yang berjalan", Sop2.Errors(result.Page));

        // The register's ended SK is flagged in the account list of its holder.
        using var dewi = factory.CreateFormClient();
        await dewi.SignInAsync("dewi.lestari@contoh.go.id");
        form = await dewi.GetPageAsync("/Prosedur/Ajukan/2");
        var option = Sop2.Text(form.QuerySelector($"select[name=SpseUserId] option[value='{Sop2.DewiSpseUserId}']"));
        Assert.Equal($"{Sop2.DewiSpseUserId} — Pokja Pemilihan — Aktif — SK berakhir 31-12-{today.Year - 1}", option);
        Assert.NotNull(form.QuerySelector("#expired-sk-hint"));

        // Dewi sends her form twice at the same moment: one request.
        var racing = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => dewi.SubmitAsync(form, Sop2.CreateForm,
            Sop2.AsShown(form, Sop2.CreateForm, Sop2.RequestFields(spseUserId: Sop2.DewiSpseUserId)
                .With("RankGrade", "Penata / III-c").With("Address", "Jl. Veteran No. 9, Kabupaten Contoh")),
            Sop2.BothDocuments(), follow: false)));
        Assert.All(racing, r => Assert.True(r.Status == HttpStatusCode.Redirect, $"a racing post was answered {(int)r.Status}: {Sop2.Errors(r.Page)}"));
        var raced = Sop4Pages.IdFrom(racing[0].Location);
        Assert.Equal(raced, Sop4Pages.IdFrom(racing[1].Location));

        var saved = await factory.WithDbAsync(async db => new
        {
            Requests = await db.AccessRequests.Select(r => r.Id).OrderBy(r => r).ToListAsync(),
            Uploads = await db.RequestDocuments.CountAsync(),
            Submitted = await db.OutboxMessages.CountAsync(m => m.Kind == "activation-submitted"),
        });
        Assert.Equal([id, raced], saved.Requests);
        Assert.Equal(4, saved.Uploads);
        Assert.Equal(2, saved.Submitted);
        Assert.Equal(4, Sop2.StoredFiles(factory).Length); // what the losing post stored was removed

        // A post without the antiforgery token is refused before anything happens.
        form = await applicant.GetPageAsync("/Prosedur/Ajukan/2");
        using (var forged = await Sop4Pages.PostFormAsync(applicant, form, Sop2.CreateForm, Sop2.RequestFields(), withAntiforgeryToken: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Equal(2, await factory.WithDbAsync(db => db.AccessRequests.CountAsync()));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task IntakeForm_RefusesBadNipEmailChannelAndForeignAccounts_AndAnEmailFileOfAnExistingApplicantIsTheirs(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var helpdesk = factory.CreateFormClient();
        using var applicant = factory.CreateFormClient();
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        await applicant.SignInAsync(DemoUsers.Pokja);

        var fields = Sop2.IntakeFields();
        fields.Remove("Channel");
        fields["ApplicantNip"] = "19811030 2006";
        fields["ApplicantEmail"] = "bukan-email";
        fields["SpseUserId"] = "hendra pp!";
        fields["Phone"] = "12345";
        fields["ApplicantName"] = "";
        var result = await Sop2.TryIntakeAsync(helpdesk, fields);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        var errors = Sop2.Errors(result.Page);
        foreach (var expected in new[]
                 {
                     "Pilih cara berkas diterima: datang langsung atau email.", "NIP harus 18 digit; yang diisi 12 digit.", "Format email pemohon tidak sah.",
                     "User ID SPSE hanya boleh berisi huruf, angka", "No. HP harus nomor seluler Indonesia", "Nama pemohon wajib diisi.",
                 })
        {
            Assert.Contains(expected, errors);
        }

        Assert.DoesNotContain("field is required", Sop2.Text(result.Page));
        Assert.Equal("bukan-email", ((IHtmlInputElement)result.Page.QuerySelector("input[name=ApplicantEmail]")!).Value);

        // A NIP whose birth date is not a date; a staff member's email; a NIP that does not hold the account.
        result = await Sop2.TryIntakeAsync(helpdesk, Sop2.IntakeFields().With("ApplicantNip", "198113302006041004"));
        Assert.Contains("harus tanggal lahir yang sah", Sop2.Errors(result.Page));
        result = await Sop2.TryIntakeAsync(helpdesk, Sop2.IntakeFields().With("ApplicantEmail", DemoUsers.AdminAgency));
        Assert.Contains($"Email {DemoUsers.AdminAgency} sudah dipakai akun lain", Sop2.Errors(result.Page));
        result = await Sop2.TryIntakeAsync(helpdesk, Sop2.IntakeFields().With("ApplicantNip", Sop2.RinaNip));
        Assert.Contains("tidak terdaftar atas NIP pemohon", Sop2.Errors(result.Page));
        Assert.Equal(0, await factory.WithDbAsync(db => db.AccessRequests.CountAsync()));
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == Sop2.HendraEmail)));

        // A file sent by email by an applicant who has an account: the request is theirs and they follow it in the app.
        var id = await Sop2.IntakeAsync(helpdesk, Sop2.IntakeFields(channel: "Email", type: "Deactivate", spseUserId: Sop2.RinaSpseUserId)
            .With("ApplicantName", Sop2.RinaName).With("ApplicantNip", Sop2.RinaNip).With("ApplicantEmail", DemoUsers.Pokja));
        var request = await factory.WithDbAsync(db => db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(IntakeChannel.Email, request.Channel);
        Assert.Equal(await factory.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Pokja).Select(u => u.Id).SingleAsync()), request.ApplicantUserId);
        var mine = await applicant.GetPageAsync("/Permohonan");
        Assert.Contains(request.Number, Sop2.Text(mine));
        var page = await Sop2.DetailAsync(applicant, id);
        Assert.Equal("Email (pindaian)", Sop2.Text(page.QuerySelector("#request-channel")));
        Assert.NotNull(page.QuerySelector("#receipt-link"));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.Email == DemoUsers.Pokja)));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task StaffMoves_TwoHelpdeskOfficersAtOnce_ForeignApplicant_ForgedLinks_MissingToken_LateSteps_SkEndingDuringTheRequest(DatabaseKind database)
    {
        var start = WorkingTime.NextMorning();
        var clock = new FakeTimeProvider(start); // a working morning: the steps' standards count working time
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = clock, OutboxWorker = false });
        await Sop4Pages.CreateUserAsync(factory, "helpdesk2@contoh.go.id", "Yusuf Ramadhan", "199205182019031005", Roles.HelpdeskLpse);
        await Sop4Pages.CreateUserAsync(factory, "dodi@contoh.go.id", "Dodi Pratama", DodiNip, Roles.Pemohon);
        using var applicant = factory.CreateFormClient();
        using var helpdesk = factory.CreateFormClient();
        using var helpdesk2 = factory.CreateFormClient();
        using var stranger = factory.CreateFormClient();
        using var anonymous = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        await helpdesk2.SignInAsync("helpdesk2@contoh.go.id");
        await stranger.SignInAsync("dodi@contoh.go.id");

        // The SK attached is valid until tomorrow.
        var until = Sop2.Today(clock).AddDays(1);
        var id = await Sop2.SubmitAsync(applicant, Sop2.RequestFields(skValidUntil: until));
        var number = await Sop2.NumberAsync(factory, id);

        // Two Helpdesk officers open the request and both press "Terima berkas": the second is told; nothing doubles.
        var page1 = await Sop2.DetailAsync(helpdesk, id);
        var page2 = await Sop2.DetailAsync(helpdesk2, id);
        Assert.Equal(Version(page1, "#step-form[data-kind=Receive]"), Version(page2, "#step-form[data-kind=Receive]"));
        Sop2.Accepted(await helpdesk.SubmitAsync(page1, "#step-form[data-kind=Receive]", []));
        var late = await helpdesk2.SubmitAsync(page2, "#step-form[data-kind=Receive]", []);
        Assert.Equal(HttpStatusCode.Redirect, late.Status);
        Assert.Equal($"/Prosedur/{id}", late.Location);
        var conflict = Sop2.Text(late.Page.QuerySelector(".alert.error"));
        Assert.Contains("baru saja diproses oleh petugas lain", conflict);
        Assert.Contains("Tindakan Anda tidak disimpan", conflict);
        Assert.Null(late.Page.QuerySelector(".alert.success"));
        var once = await factory.WithDbAsync(async db => new
        {
            Receipts = await db.RequestDocuments.CountAsync(d => d.AccessRequestId == id && d.DocumentCode == PaperIntake.ReceiptCode),
            Received = await db.RequestSteps.CountAsync(s => s.AccessRequestId == id && s.Kind == StepKind.Receive && s.CompletedAt != null),
            Mails = await db.OutboxMessages.CountAsync(m => m.AccessRequestId == id && m.Kind == "activation-received"),
            Performer = await db.RequestSteps.Where(s => s.AccessRequestId == id && s.Kind == StepKind.Receive).Select(s => s.PerformerName).SingleAsync(),
        });
        Assert.Equal(1, once.Receipts);
        Assert.Equal(1, once.Received);
        Assert.Equal(1, once.Mails);
        Assert.Equal(Sop2.HelpdeskName, once.Performer);

        // Another applicant sees neither the request, nor its receipt, nor its documents.
        var documentId = await factory.WithDbAsync(db => db.RequestDocuments.Where(d => d.AccessRequestId == id).Select(d => d.Id).FirstAsync());
        foreach (var url in new[]
                 {
                     $"/Permohonan/Detail/{id}", $"/Permohonan/{id}/TandaTerima", $"/Permohonan/{id}/Dokumen/{documentId}", $"/Prosedur/{id}",
                     $"/Prosedur/{id}/Dokumen/{documentId}",
                 })
        {
            using var response = await stranger.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("%PDF", body);
            Assert.DoesNotContain(number, body);
            Assert.DoesNotContain(Sop2.RinaName, body);
        }

        Assert.DoesNotContain(number, Sop2.Text(await stranger.GetPageAsync("/Permohonan")));

        // Links without sign-in: forged, missing, tampered, or made for the other purpose, all lead to the 404 page.
        string statusToken, confirmToken;
        using (var scope = factory.Services.CreateScope())
        {
            var links = scope.ServiceProvider.GetRequiredService<RequestLinks>();
            statusToken = links.StatusToken(id);
            confirmToken = links.ConfirmToken(id);
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/Status?t=" + statusToken)).StatusCode);
        var tampered = statusToken[..^3] + (statusToken[^3] == 'A' ? "B" : "A") + statusToken[^2..];
        foreach (var url in new[]
                 {
                     "/Status", "/Status?t=", "/Status?t=forged-token", "/Status?t=" + tampered, "/Status?t=" + confirmToken,
                     "/Status/Konfirmasi", "/Status/Konfirmasi?t=forged", "/Status/Konfirmasi?t=" + statusToken,
                 })
        {
            using var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
            var invalid = await FormClient.ParseAsync(response);
            Assert.Contains("tidak sah", Sop2.Text(invalid.QuerySelector("#invalid-link")));
            Assert.DoesNotContain(number, invalid.Source.Text);
            Assert.DoesNotContain(Sop2.RinaName, invalid.Source.Text);
        }

        // A forged confirmation posted with a valid antiforgery token of an anonymous session: 404, nothing changes.
        var login = await anonymous.GetPageAsync("/Akun/Masuk");
        var token = login.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using (var forgedConfirm = await anonymous.Http.PostAsync("/Status/Konfirmasi",
                   new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("t", tampered)])))
        {
            Assert.Equal(HttpStatusCode.NotFound, forgedConfirm.StatusCode);
        }

        // A move posted without the antiforgery token: 400, nothing changed.
        var before = await Snapshot(factory, id);
        var helpdeskPage = await Sop2.DetailAsync(helpdesk, id);
        using (var forged = await Sop4Pages.PostFormAsync(helpdesk, helpdeskPage, "#step-form[data-kind=CompletenessCheck]",
                   new() { ["Answer"] = "Yes" }, withAntiforgeryToken: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Equal(before, await Snapshot(factory, id));

        // Eleven minutes later the completeness check (10 minutes) is late: refused without the officer's explanation.
        clock.Advance(TimeSpan.FromMinutes(11));
        var refused = await helpdesk.SubmitAsync(helpdeskPage, "#step-form[data-kind=CompletenessCheck]", new() { ["Checked"] = Sop2.AllChecklistItems }, submitter: ("Answer", "Yes"));
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        var lateMessage = Sop2.Text(refused.Page.QuerySelector(".alert.error"));
        Assert.Contains("melewati standar waktu 10 menit", lateMessage);
        Assert.Contains("penjelasan keterlambatan", lateMessage);
        Assert.NotNull(refused.Page.QuerySelector("#step-form[data-kind=CompletenessCheck] textarea[name=LateExplanation]"));
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop2.Status(refused.Page));

        // Two days later the SK has ended: flagged in Helpdesk's queue and on the request, and "Lengkap" is refused.
        clock.Advance(TimeSpan.FromDays(2));
        await helpdesk.SignInAsync(DemoUsers.Helpdesk); // the sessions of two days ago have expired (8 hours)
        await applicant.SignInAsync(DemoUsers.Pokja);
        var queue = await helpdesk.GetPageAsync("/Tugas?sop=2");
        var row = Assert.Single(queue.QuerySelectorAll("#queue tbody tr"), tr => Sop2.Text(tr).Contains(number, StringComparison.Ordinal));
        Assert.Contains("SK berakhir", Sop2.Text(row.QuerySelectorAll("td")[3]));
        Assert.Contains("overdue", row.ClassList);
        var page = await Sop2.DetailAsync(helpdesk, id);
        Assert.Contains("SK berakhir", Sop2.Text(page.QuerySelector("#request-sk")));
        Assert.Contains("SK berakhir", Sop2.Text(page.QuerySelector("#step-form[data-kind=CompletenessCheck]")));
        var mine = Assert.Single((await applicant.GetPageAsync("/Permohonan")).QuerySelectorAll("tbody tr"), tr => Sop2.Text(tr).Contains(number, StringComparison.Ordinal));
        Assert.Contains("SK berakhir", Sop2.Text(mine));
        const string explanation = "Loket melayani antrean verifikasi penyedia sepanjang pagi.";
        var endedSk = await helpdesk.SubmitAsync(page, "#step-form[data-kind=CompletenessCheck]",
            new() { ["Checked"] = Sop2.AllChecklistItems, ["LateExplanation"] = explanation }, submitter: ("Answer", "Yes"));
        Assert.Contains($"berakhir pada {until.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)}", Sop2.Text(endedSk.Page.QuerySelector(".alert.error")));
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop2.Status(endedSk.Page));

        // Remarks longer than the record keeps are refused before anything is saved.
        var tooLong = await helpdesk.SubmitAsync(endedSk.Page, "#step-form[data-kind=CompletenessCheck]", new()
        {
            ["Note"] = new string('x', 1001),
            ["LateExplanation"] = explanation,
        }, submitter: ("Answer", "No"));
        Assert.Contains("Catatan / alasan maksimal 1000 karakter.", Sop2.Text(tooLong.Page.QuerySelector(".alert.error")));
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop2.Status(tooLong.Page));

        // So the file goes back, with the explanation recorded on the late step.
        page = Sop2.Accepted(await helpdesk.SubmitAsync(endedSk.Page, "#step-form[data-kind=CompletenessCheck]", new()
        {
            ["Checked"] = FormClient.Many("KOP_SURAT", "TANDA_TANGAN", "STEMPEL_BASAH", "DITUJUKAN_KEPALA_LPSE", "DATA_PERSONAL"),
            ["Note"] = "Lampirkan SK penunjukan yang berlaku.",
            ["LateExplanation"] = explanation,
        }, submitter: ("Answer", "No")));
        var check = Sop4Pages.Timeline(page).Single(r => r.Step == 3);
        Assert.Contains("Terlambat", check.Timing);
        Assert.Contains("Penjelasan keterlambatan: " + explanation, check.Outcome);
        var step = await factory.WithDbAsync(db => db.RequestSteps.AsNoTracking().SingleAsync(s => s.AccessRequestId == id && s.Kind == StepKind.CompletenessCheck));
        Assert.True(step.IsLate);
        Assert.Equal(explanation, step.LateExplanation);

        // The applicant's new SK needs its number and date, and must itself be valid; once it is, the flag is gone.
        page = await Sop2.DetailAsync(applicant, id);
        var halfSk = await applicant.SubmitAsync(page, "#step-form[data-kind=ApplicantCompletion]", new() { ["SkNumber"] = "031/SK/UKPBJ/BARU" }, [Sop2.Sk("sk-tanpa-tanggal.pdf")]);
        Assert.Contains("Isi juga tanggal berlaku SK yang baru", Sop2.Text(halfSk.Page.QuerySelector(".alert.error")));
        Assert.Contains("Dikembalikan untuk dilengkapi", Sop2.Status(halfSk.Page));
        var stale = await applicant.SubmitAsync(halfSk.Page, "#step-form[data-kind=ApplicantCompletion]", new()
        {
            ["SkNumber"] = "027/SK/UKPBJ/LAMA",
            ["SkValidUntil"] = Sop2.Iso(until),
        }, [Sop2.Sk("sk-lama.pdf")]);
        Assert.Contains("SK yang baru juga sudah berakhir", Sop2.Text(stale.Page.QuerySelector(".alert.error")));
        Assert.Contains("Dikembalikan untuk dilengkapi", Sop2.Status(stale.Page));
        var newUntil = Sop2.Today(clock).AddMonths(6);
        page = Sop2.Accepted(await applicant.SubmitAsync(stale.Page, "#step-form[data-kind=ApplicantCompletion]", new()
        {
            ["SkNumber"] = "031/SK/UKPBJ/BARU",
            ["SkValidUntil"] = Sop2.Iso(newUntil),
        }, [Sop2.Sk("sk-baru.pdf")]));
        Assert.Contains("031/SK/UKPBJ/BARU", Sop2.Text(page.QuerySelector("#request-sk")));
        Assert.DoesNotContain("SK berakhir", Sop2.Text(page.QuerySelector("#request-sk")));
        Assert.Equal(1, await factory.WithDbAsync(db => db.RequestDocuments.CountAsync(d => d.AccessRequestId == id && d.FileName == "sk-baru.pdf")));
        Assert.Equal(0, await factory.WithDbAsync(db => db.RequestDocuments.CountAsync(d => d.AccessRequestId == id &&
            (d.FileName == "sk-lama.pdf" || d.FileName == "sk-tanpa-tanggal.pdf"))));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task ConfirmationLink_LateNeedsAnExplanation_AndAnExpiredLinkIsRefused(DatabaseKind database)
    {
        var start = WorkingTime.NextMorning();
        var clock = new FakeTimeProvider(start); // a working morning: the steps' standards count working time
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = clock, OutboxWorker = false });
        using var helpdesk = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        using var anonymous = factory.CreateFormClient();
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        await admin.SignInAsync(DemoUsers.AdminAgency);

        // Two paper requests, taken to the relay.
        var ids = new List<int>();
        foreach (var account in new[] { Sop2.HendraSpseUserId, Sop2.RinaSpseUserId })
        {
            var fields = account == Sop2.HendraSpseUserId
                ? Sop2.IntakeFields()
                : Sop2.IntakeFields(type: "Deactivate", spseUserId: account).With("ApplicantName", Sop2.RinaName).With("ApplicantNip", Sop2.RinaNip)
                    .With("ApplicantEmail", DemoUsers.Pokja);
            var id = await Sop2.IntakeAsync(helpdesk, fields);
            Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=CompletenessCheck]", new() { ["Checked"] = Sop2.AllChecklistItems }, ("Answer", "Yes")));
            Sop2.Accepted(await Sop2.ActAsync(admin, id, "#step-form[data-kind=AccountAction]"));
            Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=Notify]"));
            ids.Add(id);
        }

        var links = new List<string>();
        foreach (var id in ids)
        {
            var body = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.AccessRequestId == id && m.Kind == "activation-result").Select(m => m.Body).SingleAsync());
            links.Add(Sop2.PathAndQuery(Sop2.ConfirmUrlFrom(body)));
        }

        // Eleven minutes after the result (standard: 10): the link's page asks for an explanation, and insists on it.
        clock.Advance(TimeSpan.FromMinutes(11));
        var confirm = await anonymous.GetPageAsync(links[0]);
        Assert.NotNull(confirm.QuerySelector("#form-confirm-link textarea[name=LateExplanation]"));
        var refused = await anonymous.SubmitAsync(confirm, "#form-confirm-link", []);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("penjelasan keterlambatan", Sop2.Text(refused.Page.QuerySelector(".alert.error")));
        Assert.NotNull(refused.Page.QuerySelector("#form-confirm-link textarea[name=LateExplanation]"));
        const string explanation = "Email baru terbaca setelah rapat Pokja selesai.";
        var thanks = await anonymous.SubmitAsync(refused.Page, "#form-confirm-link", new() { ["LateExplanation"] = explanation });
        Assert.NotNull(thanks.Page.QuerySelector("#confirmed"));
        var step = await factory.WithDbAsync(db => db.RequestSteps.AsNoTracking().SingleAsync(s => s.AccessRequestId == ids[0] && s.Kind == StepKind.ConfirmReceipt));
        Assert.True(step.IsLate);
        Assert.Equal(explanation, step.LateExplanation);
        Assert.Equal(Sop2.HendraName, step.PerformerName);

        // Thirty-one days on, the other link has expired (30 days): refused, the request still waits.
        clock.Advance(TimeSpan.FromDays(31));
        using (var expired = await anonymous.GetAsync(links[1]))
        {
            Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
            Assert.Contains("kedaluwarsa", Sop2.Text((await FormClient.ParseAsync(expired)).QuerySelector("#invalid-link")));
        }

        Assert.Equal(8, await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == ids[1]).Select(r => r.CurrentStepNumber).SingleAsync())); // confirm receipt
    }

    private static string Version(AngleSharp.Dom.IDocument page, string form) =>
        ((IHtmlInputElement)page.QuerySelector($"{form} input[name=Version]")!).Value;

    private static Task<string> Snapshot(AppFactory factory, int id) => factory.WithDbAsync(async db =>
    {
        var r = await db.AccessRequests.AsNoTracking().Include(x => x.Steps).SingleAsync(x => x.Id == id);
        return $"{r.Status}|{r.Version}|{r.Steps.Count}|{r.Steps.Count(s => s.CompletedAt != null)}|{r.PausedSince}";
    });
}

internal static class FieldExtensions
{
    /// <summary>The same fields with one value changed (for one bad value at a time).</summary>
    public static Dictionary<string, string> With(this Dictionary<string, string> fields, string name, string value) =>
        new(fields) { [name] = value };
}
