using MigrationChain.Templates;

namespace MigrationChain.Rules.Tests.Templates;

public class MigrationNamingTests
{
    [Fact]
    public void RevisionId_IsTheUtcTimeThenTheSlug_AndSortsByTime()
    {
        var earlier = MigrationNaming.RevisionIdFor(new DateTime(2026, 1, 25, 14, 30, 12, DateTimeKind.Utc), "Add tags");
        var later = MigrationNaming.RevisionIdFor(new DateTime(2026, 1, 25, 14, 30, 13, DateTimeKind.Utc), "Aaa first alphabetically");

        Assert.Equal("20260125_143012_add_tags", earlier);
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.Null(RevisionId.Problem(earlier));
    }

    [Fact]
    public void RevisionId_UsesUtc_WhateverTheKindOfTheTimeGiven()
    {
        var local = new DateTimeOffset(2026, 1, 25, 16, 30, 12, TimeSpan.FromHours(2));

        Assert.Equal("20260125_143012_x", MigrationNaming.RevisionIdFor(local.UtcDateTime, "x"));
    }

    [Fact]
    public void RevisionId_WithoutWords_IsTheTimeAlone()
    {
        Assert.Equal("20260125_143012", MigrationNaming.RevisionIdFor(new DateTime(2026, 1, 25, 14, 30, 12, DateTimeKind.Utc), "!!!"));
    }

    [Theory]
    [InlineData("Add the Users table!", "add_the_users_table")]
    [InlineData("  café   crème  ", "cafe_creme")]
    [InlineData("v2: index (name, email)", "v2_index_name_email")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Slug_KeepsLowerCaseAsciiWords(string? message, string expected)
    {
        Assert.Equal(expected, MigrationNaming.Slug(message));
    }

    [Fact]
    public void Slug_IsCutAtAWordBoundary()
    {
        var slug = MigrationNaming.Slug("rebuild the conversation embeddings table with a composite primary key");

        Assert.Equal("rebuild_the_conversation_embeddings", slug);
        Assert.True(slug.Length <= MigrationNaming.MaxSlugLength);
    }

    [Fact]
    public void Slug_OfOneOverlongWord_IsTruncated()
    {
        Assert.Equal(new string('a', MigrationNaming.MaxSlugLength), MigrationNaming.Slug(new string('a', 100)));
    }

    [Theory]
    [InlineData("20260125_143012_add_tags", "M20260125_143012_AddTags")]
    [InlineData("0004_merge_heads", "M0004_MergeHeads")]
    [InlineData("add_v2_column", "AddV2Column")]
    [InlineData("class", "Class")]
    [InlineData("---", "Migration")]
    public void ClassName_IsPascalCaseWithTheDigitsKept(string revision, string expected)
    {
        var name = MigrationNaming.ClassNameFor(revision);

        Assert.Equal(expected, name);
        Assert.True(MigrationNaming.IsIdentifier(name));
    }

    [Theory]
    [InlineData("Valid_1", true)]
    [InlineData("_x", true)]
    [InlineData("Zoë", true)]
    [InlineData("1x", false)]
    [InlineData("a-b", false)]
    [InlineData("namespace", false)]
    [InlineData("", false)]
    public void IsIdentifier_FollowsCSharp(string name, bool expected)
    {
        Assert.Equal(expected, MigrationNaming.IsIdentifier(name));
    }
}
