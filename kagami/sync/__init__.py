"""Two-way list sync with AniList- or MAL-speaking servers, and the catalogue mirror."""
