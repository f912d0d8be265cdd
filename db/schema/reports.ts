// Tables of the reports area (see DESIGN.md, data model).
export {}
