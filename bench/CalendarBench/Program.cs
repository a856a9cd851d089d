using System.Diagnostics;
using System.Globalization;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;

// The deadline of a step as the product counts it (working time, the 2026 SKB days off, an office's regional days) against
// the wall-clock deadline it replaced, over the same starts and standards: time per deadline, per elapsed-time reading and
// per reminder instant, median of the rounds. Also checks that every working-time deadline lands inside working hours.
var count = int.Parse(Environment.GetEnvironmentVariable("BENCH_COUNT") ?? "1000000", CultureInfo.InvariantCulture);
var rounds = int.Parse(Environment.GetEnvironmentVariable("BENCH_ROUNDS") ?? "5", CultureInfo.InvariantCulture);

using var shipped = typeof(DayOffList).Assembly.GetManifestResourceStream("AksesSpse.Core.Offices.hari-libur-2026.csv")!;
var daysOff = DayOffList.Read(shipped).Lines.Select(l => l.Date).ToList();
daysOff.Add(new DateOnly(2026, 6, 17)); // a regional day (Galungan), as an office in Bali would add
var calendar = WorkCalendar.Standard("Asia/Makassar", daysOff, [2026]);
IStepClock working = new WorkingTimeStepClock();
IStepClock wall = new WallClockStepClock();

var random = new Random(2026);
var starts = new DateTime[count];
var standards = new TimeStandard[count];
var yearStart = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
for (var i = 0; i < count; i++)
{
    starts[i] = yearStart.AddMinutes(random.Next(0, 360 * 24 * 60));
    standards[i] = random.Next(3) switch
    {
        0 => TimeStandard.Minutes(random.Next(1, 61)),
        1 => TimeStandard.WorkingDays(random.Next(1, 6)),
        _ => TimeStandard.Minutes(random.Next(60, 2000)),
    };
}

double Measure(Func<int, long> work)
{
    var times = new List<double>();
    for (var round = 0; round <= rounds; round++)
    {
        var watch = Stopwatch.StartNew();
        var sink = 0L;
        for (var i = 0; i < count; i++)
        {
            sink += work(i);
        }

        watch.Stop();
        GC.KeepAlive(sink);
        if (round > 0)
        {
            times.Add(watch.Elapsed.TotalNanoseconds / count);
        }
    }

    times.Sort();
    return times[times.Count / 2];
}

var wallDue = Measure(i => wall.DueAt(starts[i], standards[i], calendar)!.Value.Ticks);
var workDue = Measure(i => working.DueAt(starts[i], standards[i], calendar)!.Value.Ticks);
var wallElapsed = Measure(i => wall.Elapsed(starts[i], starts[i].AddHours(30), calendar).Ticks);
var workElapsed = Measure(i => working.Elapsed(starts[i], starts[i].AddHours(30), calendar).Ticks);
var workRemind = Measure(i => working.ReminderAt(starts[i], standards[i], calendar)!.Value.Ticks);

var outside = 0;
for (var i = 0; i < count; i++)
{
    var due = calendar.ToLocal(working.DueAt(starts[i], standards[i], calendar)!.Value);
    if (calendar.HoursOn(DateOnly.FromDateTime(due)) is not { } hours || TimeOnly.FromDateTime(due) < hours.Opens || TimeOnly.FromDateTime(due) > hours.Closes)
    {
        outside++;
    }
}

var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv, $"starts: {count:N0} in 2026 (WITA, 2026 SKB days off + 1 regional day); rounds: {rounds} after 1 warm-up; median per call"));
Console.WriteLine(string.Create(inv, $"deadline      wall clock {wallDue,8:F1} ns   working time {workDue,8:F1} ns   ratio {workDue / wallDue,6:F1}"));
Console.WriteLine(string.Create(inv, $"elapsed 30 h  wall clock {wallElapsed,8:F1} ns   working time {workElapsed,8:F1} ns   ratio {workElapsed / wallElapsed,6:F1}"));
Console.WriteLine(string.Create(inv, $"reminder (80 %)                         working time {workRemind,8:F1} ns"));
Console.WriteLine(string.Create(inv, $"deadlines outside working hours: {outside}"));
Console.WriteLine(string.Create(inv, $"a move opens one step: {workDue / 1000:F2} µs of a request's ~10 ms → the deadline is {workDue / 10_000_000 * 100:F3} % of a move"));
return outside == 0 ? 0 : 1;
