// Tables of the community area (see DESIGN.md, data model).
export {}
