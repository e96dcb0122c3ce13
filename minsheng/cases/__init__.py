"""The language of a case, shared by the hotline and "One issue per month".

The case file format, the category taxonomy, the places of Beijing, Chinese text segmentation,
readable names for codes, and the classifier that learns categories from past cases. Both modules
import from here; this floor imports neither of them.
"""
