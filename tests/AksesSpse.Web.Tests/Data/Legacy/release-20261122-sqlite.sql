-- The schema of release 20261122 (hand-written migrations 20261122000000_InitialSchema and
-- 20261122120000_AccessActivation), as built on sqlite. Generated on 2026-11-29, before those migrations
-- were deleted, with:
--   dotnet ef migrations script 0 20261122120000_AccessActivation -p src/AksesSpse.Core -s src/AksesSpse.Web
-- Used by LegacyUpgradeTests to prove that such a database upgrades in place. Do not edit.

CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE "Offices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Offices" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Address" TEXT NULL,
    "Email" TEXT NULL,
    "Phone" TEXT NULL,
    "TimeZoneId" TEXT NOT NULL,
    "HeadOfLpseEmail" TEXT NULL
);

CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "FullName" TEXT NOT NULL,
    "Nip" TEXT NULL,
    "RankGrade" TEXT NULL,
    "Position" TEXT NULL,
    "Agency" TEXT NULL,
    "Address" TEXT NULL,
    "ApplicantKind" INTEGER NOT NULL,
    "OfficeId" INTEGER NOT NULL,
    "MustChangePassword" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL,
    CONSTRAINT "FK_AspNetUsers_Offices_OfficeId" FOREIGN KEY ("OfficeId") REFERENCES "Offices" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "SopDefinitions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SopDefinitions" PRIMARY KEY AUTOINCREMENT,
    "OfficeId" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "IsCurrent" INTEGER NOT NULL,
    "Number" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Unit" TEXT NOT NULL,
    "MadeOn" TEXT NULL,
    "RevisedOn" TEXT NULL,
    "EffectiveOn" TEXT NULL,
    "ApproverName" TEXT NOT NULL,
    "ApproverNip" TEXT NULL,
    "ApproverTitle" TEXT NOT NULL,
    "LegalBasis" TEXT NOT NULL,
    "Qualifications" TEXT NOT NULL,
    "RelatedSops" TEXT NOT NULL,
    "Equipment" TEXT NOT NULL,
    "Warnings" TEXT NOT NULL,
    "Records" TEXT NOT NULL,
    CONSTRAINT "FK_SopDefinitions_Offices_OfficeId" FOREIGN KEY ("OfficeId") REFERENCES "Offices" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "SpseAccounts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SpseAccounts" PRIMARY KEY AUTOINCREMENT,
    "OfficeId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "HolderName" TEXT NOT NULL,
    "HolderNip" TEXT NOT NULL,
    "HolderEmail" TEXT NOT NULL,
    "HolderPhone" TEXT NULL,
    "Agency" TEXT NOT NULL,
    "Role" INTEGER NOT NULL,
    "SkNumber" TEXT NOT NULL,
    "SkDate" TEXT NULL,
    "ValidFrom" TEXT NULL,
    "ValidUntil" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_SpseAccounts_Offices_OfficeId" FOREIGN KEY ("OfficeId") REFERENCES "Offices" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SopRequiredDocuments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SopRequiredDocuments" PRIMARY KEY AUTOINCREMENT,
    "SopDefinitionId" INTEGER NOT NULL,
    "Order" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    CONSTRAINT "FK_SopRequiredDocuments_SopDefinitions_SopDefinitionId" FOREIGN KEY ("SopDefinitionId") REFERENCES "SopDefinitions" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SopSteps" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SopSteps" PRIMARY KEY AUTOINCREMENT,
    "SopDefinitionId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "ActorRole" TEXT NOT NULL,
    "ActorLabel" TEXT NOT NULL,
    "Activity" TEXT NOT NULL,
    "RequiredInputs" TEXT NOT NULL,
    "StandardKind" INTEGER NOT NULL,
    "StandardValue" INTEGER NULL,
    "Output" TEXT NOT NULL,
    "Note" TEXT NULL,
    CONSTRAINT "FK_SopSteps_SopDefinitions_SopDefinitionId" FOREIGN KEY ("SopDefinitionId") REFERENCES "SopDefinitions" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AccessRequests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AccessRequests" PRIMARY KEY AUTOINCREMENT,
    "Number" TEXT NOT NULL,
    "OfficeId" INTEGER NOT NULL,
    "SopDefinitionId" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Type" INTEGER NOT NULL,
    "ApplicantUserId" TEXT NOT NULL,
    "ApplicantName" TEXT NOT NULL,
    "ApplicantNip" TEXT NULL,
    "ApplicantEmail" TEXT NOT NULL,
    "SpseUserId" TEXT NOT NULL,
    "SpseAccountId" INTEGER NULL,
    "Reason" TEXT NOT NULL,
    "NewHolderName" TEXT NULL,
    "NewHolderEmail" TEXT NULL,
    "NewAgency" TEXT NULL,
    "NewHolderPhone" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "Outcome" INTEGER NOT NULL,
    "MissingItems" TEXT NULL,
    "RejectionReason" TEXT NULL,
    "SubmissionKey" TEXT NOT NULL,
    "SubmittedAt" TEXT NOT NULL,
    "ClosedAt" TEXT NULL,
    "CurrentStepSince" TEXT NULL,
    "CurrentStepDueAt" TEXT NULL,
    "CurrentActorRole" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_AccessRequests_AspNetUsers_ApplicantUserId" FOREIGN KEY ("ApplicantUserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_AccessRequests_Offices_OfficeId" FOREIGN KEY ("OfficeId") REFERENCES "Offices" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_AccessRequests_SopDefinitions_SopDefinitionId" FOREIGN KEY ("SopDefinitionId") REFERENCES "SopDefinitions" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_AccessRequests_SpseAccounts_SpseAccountId" FOREIGN KEY ("SpseAccountId") REFERENCES "SpseAccounts" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ArchiveRecords" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ArchiveRecords" PRIMARY KEY AUTOINCREMENT,
    "AccessRequestId" INTEGER NOT NULL,
    "OfficeId" INTEGER NOT NULL,
    "RequestNumber" TEXT NOT NULL,
    "ArchivedAt" TEXT NOT NULL,
    "ArchivedByUserId" TEXT NOT NULL,
    "ArchivedByName" TEXT NOT NULL,
    "Summary" TEXT NOT NULL,
    "ContentHash" TEXT NOT NULL,
    "RetainUntil" TEXT NOT NULL,
    CONSTRAINT "FK_ArchiveRecords_AccessRequests_AccessRequestId" FOREIGN KEY ("AccessRequestId") REFERENCES "AccessRequests" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ArchiveRecords_Offices_OfficeId" FOREIGN KEY ("OfficeId") REFERENCES "Offices" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CredentialDeliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CredentialDeliveries" PRIMARY KEY AUTOINCREMENT,
    "AccessRequestId" INTEGER NOT NULL,
    "SpseAccountId" INTEGER NULL,
    "SpseUserId" TEXT NOT NULL,
    "HolderEmail" TEXT NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "ProtectedSecret" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "RevealedAt" TEXT NULL,
    CONSTRAINT "FK_CredentialDeliveries_AccessRequests_AccessRequestId" FOREIGN KEY ("AccessRequestId") REFERENCES "AccessRequests" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_CredentialDeliveries_SpseAccounts_SpseAccountId" FOREIGN KEY ("SpseAccountId") REFERENCES "SpseAccounts" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutboxMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OutboxMessages" PRIMARY KEY AUTOINCREMENT,
    "AccessRequestId" INTEGER NULL,
    "Kind" TEXT NOT NULL,
    "To" TEXT NOT NULL,
    "Cc" TEXT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "LastError" TEXT NULL,
    "LockedUntil" TEXT NULL,
    "LockedBy" TEXT NULL,
    "Failed" INTEGER NOT NULL,
    CONSTRAINT "FK_OutboxMessages_AccessRequests_AccessRequestId" FOREIGN KEY ("AccessRequestId") REFERENCES "AccessRequests" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "RequestDocuments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RequestDocuments" PRIMARY KEY AUTOINCREMENT,
    "AccessRequestId" INTEGER NOT NULL,
    "DocumentCode" TEXT NOT NULL,
    "DocumentName" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "StoragePath" TEXT NOT NULL,
    "UploadedAt" TEXT NOT NULL,
    "UploadedByUserId" TEXT NOT NULL,
    CONSTRAINT "FK_RequestDocuments_AccessRequests_AccessRequestId" FOREIGN KEY ("AccessRequestId") REFERENCES "AccessRequests" ("Id") ON DELETE CASCADE
);

CREATE TABLE "RequestSteps" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RequestSteps" PRIMARY KEY AUTOINCREMENT,
    "AccessRequestId" INTEGER NOT NULL,
    "SopStepId" INTEGER NOT NULL,
    "StepNumber" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "ActorRole" TEXT NOT NULL,
    "Activity" TEXT NOT NULL,
    "StandardKind" INTEGER NOT NULL,
    "StandardValue" INTEGER NULL,
    "ActionableAt" TEXT NOT NULL,
    "DueAt" TEXT NULL,
    "CompletedAt" TEXT NULL,
    "PerformerUserId" TEXT NULL,
    "PerformerName" TEXT NULL,
    "ElapsedSeconds" INTEGER NULL,
    "IsLate" INTEGER NOT NULL,
    "LateExplanation" TEXT NULL,
    "Outcome" TEXT NULL,
    "Note" TEXT NULL,
    CONSTRAINT "FK_RequestSteps_AccessRequests_AccessRequestId" FOREIGN KEY ("AccessRequestId") REFERENCES "AccessRequests" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_RequestSteps_SopSteps_SopStepId" FOREIGN KEY ("SopStepId") REFERENCES "SopSteps" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "SpseAccountHistory" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SpseAccountHistory" PRIMARY KEY AUTOINCREMENT,
    "SpseAccountId" INTEGER NOT NULL,
    "Change" INTEGER NOT NULL,
    "Detail" TEXT NOT NULL,
    "ChangedAt" TEXT NOT NULL,
    "ChangedByUserId" TEXT NULL,
    "ChangedByName" TEXT NOT NULL,
    "AccessRequestId" INTEGER NULL,
    CONSTRAINT "FK_SpseAccountHistory_AccessRequests_AccessRequestId" FOREIGN KEY ("AccessRequestId") REFERENCES "AccessRequests" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_SpseAccountHistory_SpseAccounts_SpseAccountId" FOREIGN KEY ("SpseAccountId") REFERENCES "SpseAccounts" ("Id") ON DELETE CASCADE
);

CREATE TABLE "UserNotifications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UserNotifications" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "AccessRequestId" INTEGER NULL,
    "Message" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ReadAt" TEXT NULL,
    CONSTRAINT "FK_UserNotifications_AccessRequests_AccessRequestId" FOREIGN KEY ("AccessRequestId") REFERENCES "AccessRequests" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_UserNotifications_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_AccessRequests_ApplicantUserId_SubmissionKey" ON "AccessRequests" ("ApplicantUserId", "SubmissionKey");

CREATE UNIQUE INDEX "IX_AccessRequests_Number" ON "AccessRequests" ("Number");

CREATE INDEX "IX_AccessRequests_OfficeId_Kind_CurrentStepDueAt_Status" ON "AccessRequests" ("OfficeId", "Kind", "CurrentStepDueAt", "Status");

CREATE INDEX "IX_AccessRequests_OfficeId_SubmittedAt" ON "AccessRequests" ("OfficeId", "SubmittedAt");

CREATE INDEX "IX_AccessRequests_SopDefinitionId" ON "AccessRequests" ("SopDefinitionId");

CREATE INDEX "IX_AccessRequests_SpseAccountId" ON "AccessRequests" ("SpseAccountId");

CREATE UNIQUE INDEX "IX_ArchiveRecords_AccessRequestId" ON "ArchiveRecords" ("AccessRequestId");

CREATE INDEX "IX_ArchiveRecords_OfficeId_ArchivedAt" ON "ArchiveRecords" ("OfficeId", "ArchivedAt");

CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE INDEX "IX_AspNetUsers_Nip" ON "AspNetUsers" ("Nip");

CREATE INDEX "IX_AspNetUsers_OfficeId" ON "AspNetUsers" ("OfficeId");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE INDEX "IX_CredentialDeliveries_AccessRequestId" ON "CredentialDeliveries" ("AccessRequestId");

CREATE INDEX "IX_CredentialDeliveries_SpseAccountId" ON "CredentialDeliveries" ("SpseAccountId");

CREATE UNIQUE INDEX "IX_CredentialDeliveries_TokenHash" ON "CredentialDeliveries" ("TokenHash");

CREATE UNIQUE INDEX "IX_Offices_Code" ON "Offices" ("Code");

CREATE INDEX "IX_OutboxMessages_AccessRequestId" ON "OutboxMessages" ("AccessRequestId");

CREATE INDEX "IX_OutboxMessages_SentAt_NextAttemptAt" ON "OutboxMessages" ("SentAt", "NextAttemptAt");

CREATE INDEX "IX_RequestDocuments_AccessRequestId" ON "RequestDocuments" ("AccessRequestId");

CREATE INDEX "IX_RequestSteps_AccessRequestId" ON "RequestSteps" ("AccessRequestId");

CREATE INDEX "IX_RequestSteps_PerformerUserId_CompletedAt" ON "RequestSteps" ("PerformerUserId", "CompletedAt");

CREATE INDEX "IX_RequestSteps_SopStepId" ON "RequestSteps" ("SopStepId");

CREATE UNIQUE INDEX "IX_SopDefinitions_OfficeId_Kind_Version" ON "SopDefinitions" ("OfficeId", "Kind", "Version");

CREATE UNIQUE INDEX "IX_SopRequiredDocuments_SopDefinitionId_Code" ON "SopRequiredDocuments" ("SopDefinitionId", "Code");

CREATE UNIQUE INDEX "IX_SopSteps_SopDefinitionId_Number" ON "SopSteps" ("SopDefinitionId", "Number");

CREATE INDEX "IX_SpseAccountHistory_AccessRequestId" ON "SpseAccountHistory" ("AccessRequestId");

CREATE INDEX "IX_SpseAccountHistory_SpseAccountId" ON "SpseAccountHistory" ("SpseAccountId");

CREATE INDEX "IX_SpseAccounts_HolderNip" ON "SpseAccounts" ("HolderNip");

CREATE INDEX "IX_SpseAccounts_OfficeId_Role_Status" ON "SpseAccounts" ("OfficeId", "Role", "Status");

CREATE UNIQUE INDEX "IX_SpseAccounts_OfficeId_UserId" ON "SpseAccounts" ("OfficeId", "UserId");

CREATE INDEX "IX_UserNotifications_AccessRequestId" ON "UserNotifications" ("AccessRequestId");

CREATE INDEX "IX_UserNotifications_UserId_ReadAt" ON "UserNotifications" ("UserId", "ReadAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122000000_InitialSchema', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "AccessRequests" ADD "Channel" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "AccessRequests" ADD "RegisteredByUserId" TEXT NULL;

ALTER TABLE "AccessRequests" ADD "ApplicantRankGrade" TEXT NULL;

ALTER TABLE "AccessRequests" ADD "ApplicantPosition" TEXT NULL;

ALTER TABLE "AccessRequests" ADD "ApplicantAgency" TEXT NULL;

ALTER TABLE "AccessRequests" ADD "ApplicantAddress" TEXT NULL;

ALTER TABLE "AccessRequests" ADD "ApplicantPhone" TEXT NULL;

ALTER TABLE "AccessRequests" ADD "SkNumber" TEXT NULL;

ALTER TABLE "AccessRequests" ADD "SkValidUntil" TEXT NULL;

ALTER TABLE "AccessRequests" ADD "PausedSince" TEXT NULL;

ALTER TABLE "AccessRequests" ADD "PausedSeconds" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "OutboxMessages" ADD "AttachmentPath" TEXT NULL;

ALTER TABLE "OutboxMessages" ADD "AttachmentName" TEXT NULL;

ALTER TABLE "OutboxMessages" ADD "AttachmentContentType" TEXT NULL;

ALTER TABLE "SpseAccountHistory" ADD "PpkCampaignId" INTEGER NULL;

CREATE INDEX "IX_SpseAccountHistory_PpkCampaignId" ON "SpseAccountHistory" ("PpkCampaignId");

CREATE TABLE "PpkCampaigns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PpkCampaigns" PRIMARY KEY AUTOINCREMENT,
    "OfficeId" INTEGER NOT NULL,
    "FiscalYear" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedByName" TEXT NOT NULL,
    "CompletedAt" TEXT NULL,
    "CompletedByUserId" TEXT NULL,
    "CompletedByName" TEXT NULL,
    "DeactivatedCount" INTEGER NOT NULL,
    "ExcludedCount" INTEGER NOT NULL,
    "FailedCount" INTEGER NOT NULL,
    "NoticeNumber" TEXT NULL,
    "NoticeStoragePath" TEXT NULL,
    "NoticeSha256" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_PpkCampaigns_Offices_OfficeId" FOREIGN KEY ("OfficeId") REFERENCES "Offices" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "PpkCampaignExclusions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PpkCampaignExclusions" PRIMARY KEY AUTOINCREMENT,
    "PpkCampaignId" INTEGER NOT NULL,
    "SpseAccountId" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "ExcludedAt" TEXT NOT NULL,
    "ExcludedByUserId" TEXT NOT NULL,
    "ExcludedByName" TEXT NOT NULL,
    CONSTRAINT "FK_PpkCampaignExclusions_PpkCampaigns_PpkCampaignId" FOREIGN KEY ("PpkCampaignId") REFERENCES "PpkCampaigns" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_PpkCampaignExclusions_SpseAccounts_SpseAccountId" FOREIGN KEY ("SpseAccountId") REFERENCES "SpseAccounts" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "PpkCampaignResults" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PpkCampaignResults" PRIMARY KEY AUTOINCREMENT,
    "PpkCampaignId" INTEGER NOT NULL,
    "SpseAccountId" INTEGER NOT NULL,
    "Outcome" INTEGER NOT NULL,
    "Detail" TEXT NULL,
    CONSTRAINT "FK_PpkCampaignResults_PpkCampaigns_PpkCampaignId" FOREIGN KEY ("PpkCampaignId") REFERENCES "PpkCampaigns" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_PpkCampaignResults_SpseAccounts_SpseAccountId" FOREIGN KEY ("SpseAccountId") REFERENCES "SpseAccounts" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_PpkCampaigns_OfficeId_FiscalYear" ON "PpkCampaigns" ("OfficeId", "FiscalYear");

CREATE UNIQUE INDEX "IX_PpkCampaignExclusions_PpkCampaignId_SpseAccountId" ON "PpkCampaignExclusions" ("PpkCampaignId", "SpseAccountId");

CREATE INDEX "IX_PpkCampaignExclusions_SpseAccountId" ON "PpkCampaignExclusions" ("SpseAccountId");

CREATE INDEX "IX_PpkCampaignResults_PpkCampaignId_Outcome_SpseAccountId" ON "PpkCampaignResults" ("PpkCampaignId", "Outcome", "SpseAccountId");

CREATE INDEX "IX_PpkCampaignResults_SpseAccountId" ON "PpkCampaignResults" ("SpseAccountId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122120000_AccessActivation', '10.0.15');

COMMIT;

