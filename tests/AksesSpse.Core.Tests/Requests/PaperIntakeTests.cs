using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>
/// The paper / email intake for every SOP that allows it (issue #8): SOP 4 files taken in by Helpdesk LPSE or Admin
/// Agency through the same intake as SOP 2 — applicant found or made, scans attached, handover form, the online checks.
/// </summary>
public sealed class PaperIntakeTests : IDisposable
{
    private readonly AccessActivationHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void EverySopWhoseSeedAllowsPaperHasAnIntake_AndItsOwnIntakeRoles()
    {
        Assert.Equal([SopKind.AccessActivation, SopKind.PasswordReset], PaperIntakePolicies.All.Select(p => p.Kind));
        Assert.True(PaperIntakePolicies.For(SopKind.AccessActivation)!.AllowsBy(_h.Helpdesk));
        Assert.False(PaperIntakePolicies.For(SopKind.AccessActivation)!.AllowsBy(_h.Admin));
        Assert.True(PaperIntakePolicies.For(SopKind.PasswordReset)!.AllowsBy(_h.Helpdesk));
        Assert.True(PaperIntakePolicies.For(SopKind.PasswordReset)!.AllowsBy(_h.Admin));
        Assert.False(PaperIntakePolicies.For(SopKind.PasswordReset)!.AllowsBy(_h.ApplicantActor));
        Assert.Null(PaperIntakePolicies.For(SopKind.StaffRegistration));
        Assert.Equal([SopKind.PasswordReset], PaperIntakePolicies.ForActor(_h.Admin).Select(p => p.Kind));
    }

    // SOP 4's paper intake runs through its engine module: tests/AksesSpse.Core.Tests/Engine/PasswordResetModuleTests.cs.
}
