using MlOps.Ingest.Sources.Postgres;

namespace MlOps.Ingest.Tests.Postgres;

public sealed class PostgresQueryTextTests
{
    [Theory]
    [InlineData("SELECT ';' AS a")]
    [InlineData("SELECT 'it''s; fine' AS a")]
    [InlineData("SELECT E'\\'; still a literal' AS a")]
    [InlineData("SELECT \"a;b\" FROM t")]
    [InlineData("SELECT \"a\"\";b\" FROM t")]
    [InlineData("SELECT $$;$$ AS a")]
    [InlineData("SELECT $x$ ; $y$ ; $x$ AS a")]
    [InlineData("SELECT a$b FROM t WHERE c = $1")]
    [InlineData("SELECT 1 -- ; a comment")]
    [InlineData("SELECT 1 -- ; a comment\nFROM t")]
    [InlineData("SELECT /* ; /* nested ; */ still ; */ 1")]
    public void Problem_SemicolonInsideQuotesOrComments_None(string sql)
    {
        Assert.Null(PostgresQueryText.Problem(sql));
    }

    [Theory]
    [InlineData("select 1) s; COMMIT; DROP TABLE t; select * from (select 1")]
    [InlineData("SELECT 'a''b'; DROP TABLE t")]
    [InlineData("SELECT 'a\\'; DROP TABLE t; --'")]
    [InlineData("SELECT \"x\"; DROP TABLE t")]
    [InlineData("SELECT $a$ x $a$; DROP TABLE t")]
    [InlineData("SELECT /* x */; DROP TABLE t")]
    [InlineData("SELECT 1 -- x\n; DROP TABLE t")]
    public void Problem_SemicolonOutsideQuotes_SingleStatementRequired(string sql)
    {
        Assert.Equal("must be a single statement (a ';' outside quotes)", PostgresQueryText.Problem(sql));
    }

    [Theory]
    [InlineData("SELECT 'open")]
    [InlineData("SELECT \"open")]
    [InlineData("SELECT $t$ open")]
    [InlineData("SELECT /* open /* nested */")]
    [InlineData("SELECT E'open\\'")]
    public void Problem_Unterminated_Refused(string sql)
    {
        Assert.Equal("has an unterminated quote or comment", PostgresQueryText.Problem(sql));
    }
}
