// clock: Core helpers.
