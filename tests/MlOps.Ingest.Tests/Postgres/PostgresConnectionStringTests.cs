using MlOps.Ingest.Sources;
using MlOps.Ingest.Sources.Postgres;

namespace MlOps.Ingest.Tests.Postgres;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Parse_AllowedKeys_FreshStringWithoutPoolingAndWithBoundedTimeouts()
    {
        var built = PostgresConnectionString.Parse("Server=db.example.com;Port=6543;DB=sales;User Id=reader;Password=pw;SSL Mode=Require");

        Assert.Equal(
            "Host=db.example.com;Port=6543;Database=sales;Username=reader;Password=pw;SSL Mode=Require;Timeout=15;Command Timeout=300;Pooling=False;Require Auth=ScramSHA256,MD5,Password",
            built.ConnectionString);
    }

    [Fact]
    public void Parse_TimeoutsGiven_KeptWithinTheCaps()
    {
        var built = PostgresConnectionString.Parse("Host=db;Username=u;Timeout=60;Command Timeout=600");

        Assert.Equal((60, 600, false), (built.Timeout, built.CommandTimeout, built.Pooling));
        Assert.Null(built.Password);
    }

    [Theory]
    [InlineData("Host=db;Username=u;Read Buffer Size=2000000000", "'Read Buffer Size' is not allowed")]
    [InlineData("Host=db;Username=u;Write Buffer Size=2000000000", "'Write Buffer Size' is not allowed")]
    [InlineData("Host=db;Username=u;Pooling=true", "'Pooling' is not allowed")]
    [InlineData("Host=db;Username=u;Maximum Pool Size=1000", "'Maximum Pool Size' is not allowed")]
    [InlineData("Host=db;Username=u;Passfile=/etc/x", "'Passfile' is not allowed")]
    [InlineData("Host=db;Username=u;SSL Certificate=/etc/x.crt", "'SSL Certificate' is not allowed")]
    [InlineData("Host=db;Username=u;SSL Key=/etc/x.key", "'SSL Key' is not allowed")]
    [InlineData("Host=db;Username=u;Root Certificate=/etc/root.crt", "'Root Certificate' is not allowed")]
    [InlineData("Host=db;Username=u;Require Auth=GSS", "'Require Auth' is not allowed")]
    [InlineData("Host=db;Username=u;Command Timeout=0", "'Command Timeout' must be 1 to 600 seconds")]
    [InlineData("Host=db;Username=u;Command Timeout=601", "'Command Timeout' must be 1 to 600 seconds")]
    [InlineData("Host=db;Username=u;Timeout=0", "'Timeout' must be 1 to 60 seconds")]
    [InlineData("Host=db;Username=u;Timeout=61", "'Timeout' must be 1 to 60 seconds")]
    [InlineData("Host=db;Password=pw", "needs a Username")]
    [InlineData("Host=a,b;Username=u", "needs exactly one TCP host")]
    [InlineData("Host=/var/run/postgresql;Username=u", "needs exactly one TCP host")]
    [InlineData("Host=db;Username=u;Password=secretpw;Nonsense=1", "is not a valid PostgreSQL connection string")]
    public void Parse_Refused_ConnectionStringErrorNamingTheKey(string text, string message)
    {
        var error = Assert.Throws<SourceConfigException>(() => PostgresConnectionString.Parse(text));

        Assert.Equal("connection_string", error.Field);
        Assert.Equal($"connection_string: {message}", error.Message);
        Assert.DoesNotContain("secretpw", error.Message);
    }
}
