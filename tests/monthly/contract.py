"""The fields every candidate carries, in the selection's output and in the API alike."""

CANDIDATE_FIELDS = {
    "rank",
    "label",
    "keywords",
    "size",
    "score",
    "components",
    "districts",
    "subdistricts",
    "units",
    "months",
    "sample_numbers",
    "numbers",
}
