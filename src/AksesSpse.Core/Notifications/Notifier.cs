using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Notifications;

/// <summary>
/// Writes the emails and in-app messages of the SOP steps into the outbox, inside the caller's unit of
/// work: they are saved with the step that causes them, or not at all.
/// </summary>
public sealed class Notifier(AppDbContext db, TimeProvider time, IOptions<AppOptions> options)
{
    private string BaseUrl => options.Value.BaseUrl.TrimEnd('/');

    public string RequestLink(AccessRequest request) => Engine.SopEngine.EngineKinds.Contains(request.Kind)
        ? $"{BaseUrl}/Prosedur/{request.Id}"
        : $"{BaseUrl}/Permohonan/Detail/{request.Id}";

    /// <summary>A label inside a sentence: first letter lower-cased, acronyms ("SPSE", "ID") kept.</summary>
    private static string Sentence(string label) => label.Length == 0 ? label : char.ToLowerInvariant(label[0]) + label[1..];

    /// <param name="redactAfterSend">The body carries a secret link or code: its links are removed once sent.</param>
    public OutboxMessage Queue(AccessRequest? request, string kind, string to, string subject, string body, string? cc = null,
        bool redactAfterSend = false)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            Kind = kind,
            To = to,
            Cc = cc,
            Subject = subject,
            Body = body + Signature,
            CreatedAt = now,
            NextAttemptAt = now,
            AccessRequestId = request?.Id,
            RedactAfterSend = redactAfterSend,
        };
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>An in-app message about no single request (a daily summary).</summary>
    public void Tell(string userId, string message) => db.UserNotifications.Add(new UserNotification
    {
        UserId = userId,
        Message = message,
        CreatedAt = time.GetUtcNow().UtcDateTime,
    });

    public void Tell(string userId, AccessRequest request, string message)
    {
        db.UserNotifications.Add(new UserNotification
        {
            UserId = userId,
            AccessRequestId = request.Id,
            Message = message,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
    }

    public void RequestReceived(AccessRequest r) => Queue(r, "received", r.ApplicantEmail,
        $"[{r.Number}] Permohonan {Sentence(r.Type.Label())} diterima",
        $"""
        Yth. {r.ApplicantName},

        Permohonan {Sentence(r.Type.Label())} untuk user ID SPSE "{r.SpseUserId}" telah kami terima
        dengan nomor {r.Number} dan akan diperiksa kelengkapannya oleh Admin Agency.

        Pantau status permohonan Anda di: {RequestLink(r)}
        """);

    public void Incomplete(AccessRequest r, string missing)
    {
        Queue(r, "incomplete", r.ApplicantEmail,
            $"[{r.Number}] Berkas permohonan belum lengkap",
            $"""
            Yth. {r.ApplicantName},

            Berkas permohonan {r.Number} belum lengkap. Yang perlu dilengkapi:
            {missing}

            {(r.Channel == IntakeChannel.Online
                ? $"Lengkapi dan kirim ulang permohonan yang sama di: {RequestLink(r)}"
                : "Serahkan kelengkapan berkas ke LPSE (datang langsung atau melalui email) dengan menyebutkan nomor permohonan.")}
            """);
        Tell(r.ApplicantUserId, r, $"Permohonan {r.Number} dikembalikan untuk dilengkapi: {missing}");
    }

    public void Rejected(AccessRequest r, string reason)
    {
        Queue(r, "rejected", r.ApplicantEmail,
            $"[{r.Number}] Permohonan ditolak",
            $"""
            Yth. {r.ApplicantName},

            Dengan menyesal kami sampaikan bahwa permohonan {r.Number} ({Sentence(r.Type.Label())},
            user ID "{r.SpseUserId}") ditolak dengan alasan:
            {reason}

            Rincian: {RequestLink(r)}
            """);
        Tell(r.ApplicantUserId, r, $"Permohonan {r.Number} ditolak: {reason}");
    }

    /// <param name="clock">The request's office clock: the link's expiry is written in the office's time (WIB, WITA, WIT).</param>
    public void PasswordReady(AccessRequest r, string holderEmail, string credentialLink, DateTime expiresAtUtc, OfficeClock clock)
    {
        Queue(r, OutboxDispatcher.CredentialKind, holderEmail,
            $"[{r.Number}] Password sementara akun SPSE Anda",
            $"""
            Yth. {r.ApplicantName},

            Password akun SPSE dengan user ID "{r.SpseUserId}" telah direset oleh Admin Agency.
            Buka password sementara Anda melalui tautan sekali pakai berikut (masuk dengan akun
            AksesSpse Anda terlebih dahulu):
            {credentialLink}

            Tautan berlaku sampai {clock.Format(expiresAtUtc)} dan hanya dapat dibuka satu kali.
            PENTING: segera masuk ke SPSE dan WAJIB mengganti password standar tersebut pada saat login pertama.
            Jangan berikan password Anda kepada siapa pun, termasuk petugas LPSE.
            """, redactAfterSend: true);
        Tell(r.ApplicantUserId, r, $"Password sementara untuk {r.SpseUserId} siap dibuka satu kali dari halaman permohonan {r.Number}.");
    }

    public void InformationChanged(AccessRequest r, string holderEmail, string changes)
    {
        var cc = string.Equals(holderEmail, r.ApplicantEmail, StringComparison.OrdinalIgnoreCase) ? null : r.ApplicantEmail;
        Queue(r, "changed", holderEmail,
            $"[{r.Number}] Informasi user ID SPSE telah diubah",
            $"""
            Yth. {r.ApplicantName},

            Informasi user ID SPSE "{r.SpseUserId}" telah diubah oleh Admin Agency sesuai permohonan {r.Number}:
            {changes}

            Jika Anda tidak merasa mengajukan perubahan ini, segera hubungi LPSE.
            Rincian: {RequestLink(r)}
            """, cc);
        Tell(r.ApplicantUserId, r, $"Informasi user ID {r.SpseUserId} telah diubah (permohonan {r.Number}).");
    }

    /// <summary>
    /// The holder's email in the register changed: the OLD address is told at once, so a holder whose account is being
    /// taken over hears of it (H1 of issue #7). The new address gets the usual notice of the change.
    /// </summary>
    public void HolderEmailChanged(AccessRequest r, string spseUserId, string holderName, string oldEmail, string newEmail) =>
        Queue(r, "email-changed-old", oldEmail,
            $"[{r.Number}] Email akun SPSE Anda diubah",
            $"""
            Yth. {holderName},

            Alamat email akun SPSE dengan user ID "{spseUserId}" di register LPSE telah diubah oleh Admin Agency
            sesuai permohonan {r.Number}:
            dari {oldEmail}
            menjadi {newEmail}

            Pemberitahuan dan password sementara untuk akun ini selanjutnya dikirim ke alamat yang baru.
            Jika Anda tidak mengajukan perubahan ini, SEGERA hubungi Helpdesk LPSE dengan menyebutkan nomor {r.Number}.
            """);

    // ---- SOP 2: deactivation and activation of SPSE access ----

    public void ActivationSubmitted(AccessRequest r, string statusUrl) => Queue(r, "activation-submitted", r.ApplicantEmail,
        $"[{r.Number}] Permohonan {Sentence(r.Type.Label())} terkirim",
        $"""
        Yth. {r.ApplicantName},

        Permohonan {Sentence(r.Type.Label())} untuk user ID SPSE "{r.SpseUserId}" telah terkirim dengan nomor
        {r.Number}. Helpdesk LPSE akan menerima berkas Anda dan mengirimkan formulir serah terima berkas sebagai bukti
        penerimaan.

        Status permohonan: {statusUrl}
        """, redactAfterSend: true);

    /// <summary>The SOP's reply email: proof of receipt, with the handover form attached.</summary>
    /// <param name="desk">Who received the file: Helpdesk LPSE, or the SOP's own receiving officer (Admin Agency for SOP 4).</param>
    public void ActivationReceived(AccessRequest r, string statusUrl, string receiptPath, string receiptFileName, string desk = "Helpdesk LPSE")
    {
        var message = Queue(r, "activation-received", r.ApplicantEmail,
            $"[{r.Number}] Bukti penerimaan berkas permohonan",
            $"""
            Yth. {r.ApplicantName},

            Berkas permohonan {Sentence(r.Type.Label())} untuk user ID SPSE "{r.SpseUserId}" telah diterima
            {desk} ({r.Channel.Label()}) dengan nomor {r.Number}. Formulir serah terima berkas terlampir
            sebagai bukti penerimaan. Berkas Anda selanjutnya diperiksa kelengkapannya.

            Status permohonan (tanpa perlu masuk): {statusUrl}
            """, redactAfterSend: true);
        message.AttachmentPath = receiptPath;
        message.AttachmentName = receiptFileName;
        message.AttachmentContentType = "application/pdf";
    }

    public void ActivationIncomplete(AccessRequest r, string missing, string statusUrl)
    {
        var how = r.Channel == IntakeChannel.Online
            ? $"Lengkapi dan kirim ulang permohonan yang sama di: {RequestLink(r)}"
            : "Serahkan kelengkapan berkas ke Helpdesk LPSE (datang langsung atau melalui email) dengan menyebutkan nomor permohonan.";
        Queue(r, "activation-incomplete", r.ApplicantEmail,
            $"[{r.Number}] Berkas permohonan belum lengkap",
            $"""
            Yth. {r.ApplicantName},

            Berkas permohonan {r.Number} belum lengkap dan dikembalikan kepada Anda. Yang perlu dilengkapi:
            {missing}

            {how}
            Status permohonan: {statusUrl}
            """, redactAfterSend: true);
        Tell(r.ApplicantUserId, r, $"Permohonan {r.Number} dikembalikan untuk dilengkapi: {missing}");
    }

    /// <param name="tell">Also tell the applicant in the app (the SOP engine already does when it rejects).</param>
    public void ActivationRejected(AccessRequest r, string reason, string statusUrl, bool tell = true)
    {
        Queue(r, "activation-rejected", r.ApplicantEmail,
            $"[{r.Number}] Permohonan ditolak",
            $"""
            Yth. {r.ApplicantName},

            Permohonan {r.Number} ({Sentence(r.Type.Label())}, user ID "{r.SpseUserId}") ditolak dengan alasan:
            {reason}

            Status permohonan: {statusUrl}
            """, redactAfterSend: true);
        if (tell)
        {
            Tell(r.ApplicantUserId, r, $"Permohonan {r.Number} ditolak: {reason}");
        }
    }

    public void ActivationResult(AccessRequest r, string result, string confirmUrl, string statusUrl)
    {
        Queue(r, "activation-result", r.ApplicantEmail,
            $"[{r.Number}] Hak akses SPSE telah {(r.Type == RequestType.Activate ? "diaktifkan" : "dinonaktifkan")}",
            $"""
            Yth. {r.ApplicantName},

            Permohonan {r.Number} telah ditindaklanjuti oleh Admin Agency:
            {result}

            Mohon konfirmasi bahwa Anda telah menerima pemberitahuan ini dalam 10 menit melalui tautan berikut
            (atau dari halaman permohonan di aplikasi):
            {confirmUrl}

            Status permohonan: {statusUrl}
            Jika Anda tidak merasa mengajukan permohonan ini, segera hubungi LPSE.
            """, redactAfterSend: true);
        Tell(r.ApplicantUserId, r, $"Hak akses {r.SpseUserId}: {result} Konfirmasi penerimaan dari halaman permohonan {r.Number}.");
    }

    internal const string Signature = """


        --
        Layanan Pengadaan Secara Elektronik (LPSE)
        Pesan ini dikirim otomatis oleh AksesSpse. Mohon tidak membalas email ini.
        """;
}
