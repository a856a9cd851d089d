using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Tests.Sop;

/// <summary>
/// SOP 1 as each region wrote it (seed 000 Kabupaten Batang, seed 001 Kabupaten Badung): the identity block, the actors, the time
/// standards, the copies (tembusan) and the records, read from the scans; every other SOP is the same in both variants.
/// </summary>
[Trait("Sop", "PokjaAccounts")]
public sealed class SopSeedVariantTests
{
    private static SopDefinition Sop1(SopVariant variant) => SopSeed.ForOffice(7, variant).Single(s => s.Kind == SopKind.PokjaAccountRequest);

    [Fact]
    public void BadungsVersionCarriesItsNumberDatesApproverAndCopiesEveryStepToKepalaLpse()
    {
        var sop = Sop1(SopVariant.Badung);
        Assert.Equal(("02", "Permintaan User ID/Password Anggota Pokja"), (sop.Number, sop.Title));
        Assert.Equal((new DateOnly(2014, 10, 14), new DateOnly(2017, 3, 1), new DateOnly(2017, 3, 1)), (sop.MadeOn!.Value, sop.RevisedOn!.Value, sop.EffectiveOn!.Value));
        Assert.Equal("197011061996031002", sop.ApproverNip);
        Assert.Null(sop.TotalTime);
        Assert.Equal(["Kepala Bagian Pengadaan Barang/Jasa", "LPSE (Admin Agency)", "Pokja"], sop.Steps.Select(s => s.ActorLabel));
        Assert.Equal([SopCopy.HeadOfLpse, SopCopy.HeadOfLpse, SopCopy.HeadOfLpse], sop.Steps.Select(s => s.CopyTo));
        Assert.Equal([TimeStandardKind.WorkingDays, TimeStandardKind.AsNeeded, TimeStandardKind.WorkingDays], sop.Steps.Select(s => s.StandardKind));
        Assert.Contains("dikirim melalui email", sop.Steps[0].Output);
        Assert.Contains("Anggota Pokja Pemilihan", sop.Steps[1].RequiredInputs); // step 2's own kelengkapan, as printed
        Assert.DoesNotContain("Pemilihan", sop.Steps[0].RequiredInputs);
        Assert.Contains("Peraturan Presiden Republik Indonesia Nomor 16 Tahun 2018", sop.LegalBasis);
    }

    [Fact]
    public void BatangsVersionIsTheUlpsWithNoStandardForStepTwoACopyToLpseFirstAndItsOwnLegalBasis()
    {
        var sop = Sop1(SopVariant.Batang);
        Assert.Equal("Permintaan User ID/Password Anggota Pokja ULP", sop.Title);
        Assert.Equal(("", null, null, ""), (sop.Number, sop.MadeOn, sop.ApproverNip, sop.ApproverName)); // not printed on the scan
        Assert.Equal("Disesuaikan dengan kebutuhan", sop.TotalTime);
        Assert.Equal(["Kepala ULP", "LPSE", "Pokja ULP"], sop.Steps.Select(s => s.ActorLabel));
        Assert.Equal([Roles.KepalaUkpbj, Roles.AdminAgency, Roles.Pemohon], sop.Steps.Select(s => s.ActorRole));
        Assert.Equal([SopCopy.Lpse, SopCopy.HeadOfLpse, null], sop.Steps.Select(s => s.CopyTo));
        Assert.Equal([TimeStandardKind.WorkingDays, TimeStandardKind.None, TimeStandardKind.WorkingDays], sop.Steps.Select(s => s.StandardKind));
        Assert.DoesNotContain("email", sop.Steps[0].Output);
        Assert.Contains("tembusan kepada LPSE", sop.Steps[0].Activity);
        Assert.Equal(7, SopDefinition.Lines(sop.LegalBasis).Count);
        Assert.Contains("Peraturan Bupati Batang Nomor 52 Tahun 2013", sop.LegalBasis);
        Assert.Contains("Sekretariat Kepala ULP", sop.Records);
        Assert.Equal(["FORMULIR_PERMOHONAN", "SK_POKJA", "SURAT_PENUGASAN"], sop.RequiredDocuments.Select(d => d.Code));
    }

    [Fact]
    public void OnlySopOneDiffersBetweenTheVariants()
    {
        var badung = SopSeed.ForOffice(1);
        var batang = SopSeed.ForOffice(1, SopVariant.Batang);
        Assert.Equal(badung.Select(s => s.Kind), batang.Select(s => s.Kind));
        foreach (var kind in badung.Select(s => s.Kind).Where(k => k != SopKind.PokjaAccountRequest))
        {
            var a = badung.Single(s => s.Kind == kind);
            var b = batang.Single(s => s.Kind == kind);
            Assert.Equal((a.Title, a.Number, a.Steps.Count), (b.Title, b.Number, b.Steps.Count));
        }
    }

    [Theory]
    [InlineData("KEPALA_LPSE,LPSE", new[] { "KEPALA_LPSE", "LPSE" })]
    [InlineData(" LPSE ", new[] { "LPSE" })]
    [InlineData(null, new string[0])]
    [InlineData("", new string[0])]
    public void CopyRecipientsAreACommaList(string? copyTo, string[] expected) => Assert.Equal(expected, SopCopy.Parse(copyTo));
}
