# MatchApi container: the same steps as run.sh (install MeCab/IPADIC, build, run), in two stages.
# .NET 10 ships no Debian images; Ubuntu 24.04 (noble) has the same libmecab2 and mecab-ipadic-utf8 packages.

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props MatchApi.sln ./
COPY src/ src/
RUN dotnet restore src/MatchApi/MatchApi.csproj
RUN dotnet publish src/MatchApi/MatchApi.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libmecab2 mecab-ipadic-utf8 curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The catalog is baked in; the database is built from it at first start in a writable folder (with Catalog__Store=postgres,
# as in docker-compose.yml, it is imported into PostgreSQL instead and /app/db stays unused).
COPY data/ /app/data/
RUN mkdir -p /app/db && chown "$APP_UID" /app/db
ENV ASPNETCORE_URLS=http://+:8080 \
    Catalog__DataPath=/app/data \
    ConnectionStrings__Catalog="Data Source=/app/db/matchapi.db"
USER $APP_UID
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://localhost:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "MatchApi.dll"]
