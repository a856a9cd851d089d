-- bench/explain-inbox.sql: the plans of the queries behind the inbox "Tugas saya" of Admin Agency and of the minimal page,
-- on the bench database after the measured rounds (BENCH_DB=postgres BENCH_PG_SQL=bench/explain-inbox.sql bash bench/queue.sh).
-- The statements are those EF Core sends (InboxQueries.CountsAsync / ListAsync, RequestQueries.UnreadCountAsync,
-- DiagnosticsController.Minimal), with the parameters written in; :office is the demo office's id (queue.sh sets it).
\timing on
\set ECHO queries

SELECT relname, n_live_tup, n_dead_tup, last_autovacuum, last_vacuum, last_autoanalyze, last_analyze
FROM pg_stat_user_tables WHERE relname IN ('AccessRequests', 'RequestSteps', 'UserNotifications') ORDER BY relname;
SELECT c.relname, c.relpages, c.relallvisible FROM pg_class c WHERE c.relname IN ('AccessRequests', 'RequestSteps') ORDER BY c.relname;
SELECT "CurrentActorRole", "Kind", COUNT(*) FROM "AccessRequests" WHERE "OfficeId" = :office GROUP BY 1, 2 ORDER BY 1, 2;

-- The counts per SOP (tabs, menu badge, pager total): once per 5 s per office and role set.
EXPLAIN (ANALYZE, BUFFERS, SETTINGS)
SELECT a."Kind" + 0 AS "Key", COUNT(*)::int AS "Count"
FROM "AccessRequests" AS a
WHERE a."OfficeId" = :office AND a."CurrentActorRole" IN ('AdminAgency')
GROUP BY a."Kind" + 0;

-- The same with JIT off, to see what JIT costs on it.
SET jit = off;
EXPLAIN (ANALYZE, BUFFERS)
SELECT a."Kind" + 0 AS "Key", COUNT(*)::int AS "Count"
FROM "AccessRequests" AS a
WHERE a."OfficeId" = :office AND a."CurrentActorRole" IN ('AdminAgency')
GROUP BY a."Kind" + 0;
RESET jit;

-- Page 1 of the inbox: 20 rows, most overdue first.
EXPLAIN (ANALYZE, BUFFERS)
SELECT a."Id", a."Number", a."Type", a."Status", a."ApplicantName", a."ApplicantNip", a."SpseUserId", a."SubmittedAt",
       a."CurrentStepSince", a."CurrentStepDueAt", a."CurrentActorRole", a."Channel", a."SkValidUntil",
       COALESCE((SELECT u."NipStatus" FROM "AspNetUsers" AS u WHERE u."Id" = a."ApplicantUserId" AND u."Nip" = a."ApplicantNip" LIMIT 1), 0),
       a."Kind", a."Outcome"
FROM "AccessRequests" AS a
WHERE a."OfficeId" = :office AND a."CurrentActorRole" IN ('AdminAgency')
ORDER BY a."CurrentStepDueAt", a."Id"
LIMIT 20 OFFSET 0;

-- The layout's unread notices of the signed-in user (both pages).
EXPLAIN (ANALYZE, BUFFERS)
SELECT COUNT(*)::int FROM "UserNotifications" AS n
WHERE n."UserId" = (SELECT "Id" FROM "AspNetUsers" WHERE "Email" = 'admin.agency@contoh.go.id') AND n."ReadAt" IS NULL;

-- The minimal page's rows.
EXPLAIN (ANALYZE, BUFFERS)
SELECT a."Id", a."Number", a."ApplicantName" FROM "AccessRequests" AS a WHERE a."OfficeId" = :office LIMIT 20;
