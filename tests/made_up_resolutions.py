"""Two revisions of a made-up draft resolution, for the text-handling tests. Nothing here is
real UN wording: the archipelago, the plan and the board are invented."""

REVISION_1 = """Draft resolution

The Security Council,

Recalling its earlier decisions on the fictional archipelago of Veloria,

Welcoming the Lighthouse Plan of 1 March 2099,

1. Endorses the Lighthouse Plan and calls on all parties to implement it;
2. Decides that the Board of Lamps shall:
(a) meet every month in the capital;
(b) publish its minutes;
3. Authorizes a temporary keeper service on the northern islands for two years;
4. Requests the Secretary-General to report to the Council every year;
5. Calls on donors to fund the reserve of lamp oil;
6. Decides to remain seized of the matter.
"""

REVISION_2 = """Draft resolution

The Security Council,

Recalling its earlier decisions on the fictional archipelago of Veloria,

Welcoming the Lighthouse Plan of 1 March 2099,

Stressing the importance of safe harbours for all vessels,

1. Endorses the Lighthouse Plan and calls on all parties to implement it in full;
2. Decides that the Board of Lamps shall:
(a) meet every month in the capital;
(b) publish its minutes;
(c) consult the fishing communities;
3. Welcomes the offer of neighbouring states to lend lamps and keepers;
4. Authorizes a temporary keeper service on the northern islands for two years;
5. Requests the Secretary-General to report to the Council in writing every six months;
6. Decides to remain seized of the matter.
"""
