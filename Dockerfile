# AksesSpse web application.
#
# No Docker engine runs on the dev/CI machines, so this file is kept correct by reading;
# the same steps run without Docker (see README): `dotnet publish` and a DejaVu font install.
#
#   docker build -t aksesspse .
#   docker compose up          (app + PostgreSQL + Mailpit, see docker-compose.yml)
#
# The image starts in Production (the .NET default): no demo data; set App__BaseUrl, and create the
# first Administrator with `docker run ... aksesspse create-admin --email X --name "Y" --office-code C
# --office-name "N"` (the arguments go to AksesSpse.Web.dll). `migrate` applies the migrations and exits.

# ---- build --------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Restore first, from the project files only, so the package layer is cached until a
# project file or a package version changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/AksesSpse.Core/AksesSpse.Core.csproj src/AksesSpse.Core/
COPY src/AksesSpse.Web/AksesSpse.Web.csproj src/AksesSpse.Web/
RUN dotnet restore src/AksesSpse.Web/AksesSpse.Web.csproj

COPY src/ src/
RUN dotnet publish src/AksesSpse.Web/AksesSpse.Web.csproj \
        -c Release -o /app --no-restore /p:UseAppHost=false

# ---- runtime ------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# fonts-dejavu-core: the PDF font resolver reads /usr/share/fonts/truetype/dejavu/ (ADR 0004, kept by ADR 0012).
# tzdata: office time zones (Asia/Jakarta, Asia/Makassar, Asia/Jayapura) for display and the
# working-day calendar.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core tzdata \
    && rm -rf /var/lib/apt/lists/*

# Uploaded files live under /var/lib/aksesspse (a volume in docker-compose.yml; the data-protection keys
# are in the database, docs/adr/0013). Created here so a fresh named volume inherits the non-root owner.
RUN mkdir -p /var/lib/aksesspse/files /var/lib/aksesspse/logs \
    && chown -R "$APP_UID" /var/lib/aksesspse

WORKDIR /app
COPY --from=build /app ./
# Apache-2.0: the licence travels with the program (docs/adr/0012).
COPY LICENSE ./

# The .NET images ship a non-root user `app`; APP_UID is its numeric id.
USER $APP_UID

# Listen on 8080 over plain HTTP; TLS ends at the reverse proxy / load balancer.
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080

ENTRYPOINT ["dotnet", "AksesSpse.Web.dll"]
