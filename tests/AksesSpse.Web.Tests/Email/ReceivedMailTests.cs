namespace AksesSpse.Web.Tests.Email;

/// <summary>The test's own mail reader, on the encodings a mail server may hand back.</summary>
[Trait("Category", "Email")]
public sealed class ReceivedMailTests
{
    [Fact]
    public void Parses_folded_Base64_subject_and_Base64_body()
    {
        var mail = ReceivedMail.Parse(
            "To: pokja@contoh.go.id\r\n" +
            "Subject: =?utf-8?B?W1JQVy0yMDI2LTAwMDAwMV0gUGVybW9ob25hbiDigJQg?=\r\n =?utf-8?B?ZGl0ZXJpbWE=?=\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            "WXRoLiBCYXBhayDigJQgc2VsZXNhaQ==\r\n");

        Assert.Equal("pokja@contoh.go.id", mail.To);
        Assert.Equal("[RPW-2026-000001] Permohonan — diterima", mail.Subject);
        Assert.Equal("Yth. Bapak — selesai", mail.Body);
    }

    [Fact]
    public void Parses_Q_encoded_subject_and_quoted_printable_body_with_soft_breaks()
    {
        var mail = ReceivedMail.Parse(
            "To: \"Rina\" <pokja@contoh.go.id>\n" +
            "Subject: =?UTF-8?Q?Permohonan_=E2=80=94_diterima?=\n" +
            "Content-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n" +
            "Pantau di: http://localhost/Akun/Konfirmasi?userId=3D1&code=3DAB=\nCD =E2=80=94 selesai\n");

        Assert.Equal("Permohonan — diterima", mail.Subject);
        Assert.Equal("Pantau di: http://localhost/Akun/Konfirmasi?userId=1&code=ABCD — selesai\n", mail.Body);
    }

    [Fact]
    public void Parses_multipart_message_into_text_body_and_base64_attachment()
    {
        var mail = ReceivedMail.Parse(
            "To: pokja@contoh.go.id\r\n" +
            "Subject: Bukti penerimaan\r\n" +
            "MIME-Version: 1.0\r\n" +
            "Content-Type: multipart/mixed;\r\n boundary=--boundary_0_abc\r\n\r\n" +
            "\r\n----boundary_0_abc\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            "WXRoLiBCYXBhayDigJQgc2VsZXNhaQ==\r\n" +
            "----boundary_0_abc\r\n" +
            "Content-Type: application/pdf; name=Serah-terima-HAK-2026-000001.pdf\r\n" +
            "Content-Transfer-Encoding: base64\r\n" +
            "Content-Disposition: attachment; filename=Serah-terima-HAK-2026-000001.pdf\r\n\r\n" +
            "JVBERi0xLjQK\r\n" +
            "----boundary_0_abc--\r\n");

        Assert.Equal("Yth. Bapak — selesai", mail.Body);
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal("Serah-terima-HAK-2026-000001.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal("%PDF-1.4\n", System.Text.Encoding.ASCII.GetString(attachment.Content));
    }
}
