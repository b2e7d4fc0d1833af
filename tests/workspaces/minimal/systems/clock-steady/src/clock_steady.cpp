// clock-steady: implementation.
