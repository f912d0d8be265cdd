// Tables of the communications area (see DESIGN.md, data model).
export {}
