"""The lead slice's read side: the pipeline view (``pipeline``) and its reads (``queries``)."""

from projections.leads.pipeline import COUNTS, NOTES, PIPELINE, LeadPipeline

__all__ = ["COUNTS", "NOTES", "PIPELINE", "LeadPipeline"]
