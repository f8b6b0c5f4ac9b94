"""Request rate limits as AniList answers them, for every API dialect (see ``middleware``)."""
