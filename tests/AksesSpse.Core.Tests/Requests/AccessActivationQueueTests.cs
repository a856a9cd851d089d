using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static AksesSpse.Core.Tests.TestSupport.AccessActivationHarness;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>The SOP 2 work queues of Helpdesk and Admin Agency, and the public status page, through <see cref="RequestQueries"/>.</summary>
[Trait("Sop", "Deactivation")]
public sealed class AccessActivationQueueTests : IDisposable
{
    private static readonly RequestStatus[] Sop2Statuses =
    [
        RequestStatus.AwaitingReceipt, RequestStatus.Submitted, RequestStatus.ReturnedForCompletion, RequestStatus.AwaitingExecution,
        RequestStatus.AwaitingNotification, RequestStatus.AwaitingConfirmation, RequestStatus.AwaitingArchive, RequestStatus.Archived,
    ];

    private readonly AccessActivationHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task HelpdeskSeesTheSop2RequestsWaitingForHelpdeskOnly()
    {
        var (byStatus, resets) = await OneRequestInEveryStatusAsync();

        var queue = await QueueAsync(_h.Helpdesk);

        var expected = new[] { RequestStatus.AwaitingReceipt, RequestStatus.Submitted, RequestStatus.AwaitingNotification, RequestStatus.AwaitingArchive };
        Assert.Equal(expected.Select(s => byStatus[s]).Order(), queue.Items.Select(r => r.Id).Order());
        Assert.Equal(expected.Order(), queue.Items.Select(r => r.Status).Order());
        Assert.Equal(4, queue.Total);
        Assert.DoesNotContain(queue.Items, r => resets.Contains(r.Id));
    }

    [Fact]
    public async Task AdminAgencySeesTheSop2RequestsWaitingForExecutionOnly()
    {
        var (byStatus, resets) = await OneRequestInEveryStatusAsync();

        var queue = await QueueAsync(_h.Admin);

        var row = Assert.Single(queue.Items);
        Assert.Equal(byStatus[RequestStatus.AwaitingExecution], row.Id);
        Assert.Equal(RequestStatus.AwaitingExecution, row.Status);
        Assert.Equal(Roles.AdminAgency, row.CurrentActorRole);
        Assert.DoesNotContain(queue.Items, r => resets.Contains(r.Id));
    }

    [Fact]
    public async Task NobodySeesTheQueueOfAnotherOffice()
    {
        await OneRequestInEveryStatusAsync();

        Assert.Empty((await QueueAsync(_h.OtherOfficeHelpdesk)).Items);
        Assert.Empty((await QueueAsync(_h.OtherOfficeAdmin)).Items);
    }

    [Fact]
    public async Task AnOfficerWithBothRolesSeesBothSetsOfMoves()
    {
        var (byStatus, _) = await OneRequestInEveryStatusAsync();
        var both = new Actor("staff-dua-peran", "Dua Peran", _h.Office.Id, new HashSet<string> { Roles.HelpdeskLpse, Roles.AdminAgency });

        var queue = await QueueAsync(both);

        var expected = new[]
        {
            RequestStatus.AwaitingReceipt, RequestStatus.Submitted, RequestStatus.AwaitingExecution, RequestStatus.AwaitingNotification,
            RequestStatus.AwaitingArchive,
        };
        Assert.Equal(expected.Select(s => byStatus[s]).Order(), queue.Items.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task TheHeadSeesEveryOpenSop2Request()
    {
        var (byStatus, _) = await OneRequestInEveryStatusAsync();

        var queue = await QueueAsync(Actors.WithRole(Roles.KepalaLpse, _h.Office.Id));

        Assert.Equal(Sop2Statuses.Where(s => s != RequestStatus.Archived).Select(s => byStatus[s]).Order(), queue.Items.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task TheArchivedFilterListsClosedSop2Requests()
    {
        var (byStatus, _) = await OneRequestInEveryStatusAsync();

        var queue = await QueueAsync(_h.Helpdesk, RequestStatus.Archived);

        Assert.Equal(byStatus[RequestStatus.Archived], Assert.Single(queue.Items).Id);
    }

    [Fact]
    public async Task TheQueueShowsTheOverdueCheckFirst()
    {
        var late = await _h.DriveToAsync(RequestStatus.Submitted);
        _h.Time.Advance(TimeSpan.FromMinutes(15));
        var fresh = await _h.DriveToAsync(RequestStatus.Submitted, new SubmitActivationCommandBuilder().Activating().Build());

        var queue = await QueueAsync(_h.Helpdesk);

        Assert.Equal([late, fresh], queue.Items.Select(r => r.Id));
        Assert.True(queue.Items[0].IsOverdue(_h.Now));
        Assert.False(queue.Items[1].IsOverdue(_h.Now));
        var overdue = await _h.Queries().QueueAsync(_h.Helpdesk, new QueueFilter(OverdueOnly: true, Kind: SopKind.AccessActivation), CancellationToken.None);
        Assert.Equal(late, Assert.Single(overdue.Items).Id);
    }

    // ------------------------------------------------------------------------------------------------
    // The public status page (the handover form's QR code)
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task TheStatusLinkInTheReceiptMailOpensThePublicStatus()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted);
        await using var db = _h.Query();
        var mail = await db.OutboxMessages.SingleAsync(m => m.Kind == "activation-received");
        var token = System.Text.RegularExpressions.Regex.Match(mail.Body, @"/Status\?t=([A-Za-z0-9_-]+)").Groups[1].Value;

        var readId = _h.Links.ReadStatusToken(token);
        var status = await _h.Queries().PublicStatusAsync(readId!.Value, CancellationToken.None);

        Assert.Equal(id, readId);
        Assert.NotNull(status);
        var request = await _h.LoadAsync(id);
        Assert.Equal(request.Number, status.Number);
        Assert.Equal(RequestStatus.Submitted, status.Status);
        Assert.Equal(IntakeChannel.Online, status.Channel);
        Assert.Equal(PokjaUserId, status.SpseUserId);
        Assert.Equal(request.Sop!.Title, status.SopTitle);
        Assert.Null(status.MissingItems);
        Assert.Equal(request.Steps.Count, status.Steps.Count);
    }

    [Fact]
    public async Task ThePublicStatusShowsWhatIsMissingOnlyWhileTheFileIsReturned()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);

        var returned = await _h.Queries().PublicStatusAsync(id, CancellationToken.None);
        AssertOk(await _h.ResubmitAsync(id));
        var resubmitted = await _h.Queries().PublicStatusAsync(id, CancellationToken.None);

        Assert.Contains(DecreeName, returned!.MissingItems);
        Assert.Null(resubmitted!.MissingItems);
        Assert.Null(await _h.Queries().PublicStatusAsync(404, CancellationToken.None));
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------------

    /// <summary>One SOP 2 request in each of its statuses (each on its own account of Rina's) and two SOP 4 requests.</summary>
    private async Task<(Dictionary<RequestStatus, int> ByStatus, List<int> Resets)> OneRequestInEveryStatusAsync()
    {
        var byStatus = new Dictionary<RequestStatus, int>();
        foreach (var status in Sop2Statuses)
        {
            var account = await _h.AddAccountAsync("rina.q" + (int)status);
            byStatus[status] = await _h.DriveToAsync(status, new SubmitActivationCommandBuilder().ForSpseUserId(account.UserId).Build());
        }

        var resets = new List<int>();
        foreach (var key in new[] { Guid.NewGuid(), Guid.NewGuid() })
        {
            var reset = await _h.SubmitResetAsync(new SubmitResetCommandBuilder().WithKey(key).Build(), _h.ApplicantActor);
            AssertOk(reset);
            resets.Add(reset.Value);
        }

        return (byStatus, resets);
    }

    private Task<PagedResult<QueueRow>> QueueAsync(Actor actor, RequestStatus? status = null) =>
        _h.Queries().QueueAsync(actor, new QueueFilter(status, Kind: SopKind.AccessActivation), CancellationToken.None);
}
